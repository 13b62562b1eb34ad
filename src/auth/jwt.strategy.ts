import type { KeyObject } from 'node:crypto';
import { Strategy as JwtStrategy, type SecretOrKeyProvider } from 'passport-jwt';
import type { Config } from '../config/config.js';
import { accessTokenCheck, isCompleteToken, isOurAccessToken, liveUserOf } from './access-token-check.js';
import { bearerToken } from './bearer-token.js';

/**
 * Hands passport-jwt the key as a KeyObject: it passes what the provider yields to jsonwebtoken.verify
 * untouched, and jsonwebtoken takes a KeyObject (a string or Buffer it would re-parse on every verify).
 * The provider's callback in @types/passport-jwt predates KeyObject (`string | Buffer`): the call goes
 * through Reflect.apply, whose arguments are untyped, instead of a cast of the key.
 */
function keyObjectProvider(keyFor: (rawToken: string) => KeyObject | undefined): SecretOrKeyProvider {
  return (_req, rawToken: string, done) => {
    const key = keyFor(rawToken);
    if (!key) return done(new Error('no key verifies this token'));
    Reflect.apply(done, undefined, [null, key]);
  };
}

/**
 * The passport-jwt strategy for access tokens: Bearer header only, one algorithm (HS256 with
 * JWT_SECRET, or ES256 with JWT_SIGNING_KEYS, never both), issuer and audience
 * pinned, header and claims checked (isOurAccessToken), and the user must still exist, enabled, with
 * the same token version and the token's session (`sid`) still live: one query checks all of it, so
 * an ended session is refused at once.
 */
export function createJwtStrategy(jwtConfig: Config['jwt']): JwtStrategy {
  const check = accessTokenCheck(jwtConfig);
  return new JwtStrategy(
    {
      // Our own linear parser: passport-jwt's backtracks on a long header without spaces.
      jwtFromRequest: bearerToken,
      secretOrKeyProvider: keyObjectProvider(check.keyFor),
      algorithms: check.options.algorithms,
      issuer: check.options.issuer,
      audience: check.options.audience,
      jsonWebTokenOptions: { complete: true },
    },
    (token: unknown, done: (error: unknown, user?: Express.User | false) => void) => {
      if (!isCompleteToken(token) || !isOurAccessToken(token)) return done(null, false);
      const { jti, sid, auth_time: authTime } = token.payload;
      liveUserOf(token.payload).then((user) => done(null, user ? { user, tokenId: jti, authTime, sessionId: sid } : false), done);
    },
  );
}
