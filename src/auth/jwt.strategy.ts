import type { KeyObject } from 'node:crypto';
import { Strategy as JwtStrategy, type SecretOrKeyProvider } from 'passport-jwt';
import type { Config } from '../config/config.js';
import { findUserForToken } from '../models/user.model.js';
import type { SigningKey } from '../config/signing-keys.config.js';
import { ACCESS_TOKEN_TYPE, accessTokenAlgorithm } from './access-token.js';
import { bearerToken } from './bearer-token.js';
import { isSessionId, liveSessionFilter } from './live-sessions.js';

// How far ahead of this clock another instance's clock may be: an `iat` later than that is forged.
const CLOCK_SKEW_SECONDS = 5;

interface CompleteToken {
  header: { typ?: unknown; crit?: unknown };
  payload: { sub?: unknown; ver?: unknown; jti?: unknown; exp?: unknown; iat?: unknown; sid?: unknown; auth_time?: unknown };
}

function isCompleteToken(value: unknown): value is CompleteToken {
  return typeof value === 'object' && value !== null && 'header' in value && 'payload' in value;
}

/**
 * The header and claims jsonwebtoken leaves unchecked: `typ`, no `crit` (RFC 7515 §4.1.11: we
 * understand no extension, so a token that requires one is refused), an `exp` (checked by
 * jsonwebtoken only when present), an `iat` that is not in the future, a session id in `sid`, and an
 * `auth_time` no later than `iat` (a token claiming a sign-in after its own issue is not ours).
 */
function isOurAccessToken(
  token: CompleteToken,
): token is CompleteToken & { payload: { sub: string; ver: number; jti: string; iat: number; sid: string; auth_time: number } } {
  const { header, payload } = token;
  const { sub, ver, jti, exp, iat, sid, auth_time: authTime } = payload;
  return (
    header.typ === ACCESS_TOKEN_TYPE &&
    header.crit === undefined &&
    typeof sub === 'string' &&
    /^[0-9a-f]{24}$/.test(sub) &&
    typeof ver === 'number' &&
    typeof jti === 'string' &&
    typeof exp === 'number' &&
    typeof iat === 'number' &&
    iat <= Date.now() / 1000 + CLOCK_SKEW_SECONDS &&
    typeof authTime === 'number' &&
    authTime <= iat &&
    isSessionId(sid)
  );
}

/**
 * Hands passport-jwt the key as a KeyObject: it passes what the provider yields to jsonwebtoken.verify
 * untouched, and jsonwebtoken takes a KeyObject (a string or Buffer it would re-parse on every verify).
 * The provider's callback in @types/passport-jwt predates KeyObject (`string | Buffer`): the call goes
 * through Reflect.apply, whose arguments are untyped, instead of a cast of the key.
 */
function keyObjectProvider(key: KeyObject): SecretOrKeyProvider {
  return (_req, _rawToken, done) => {
    Reflect.apply(done, undefined, [null, key]);
  };
}

/** The token's JOSE header, or undefined when its first part is not base64url JSON of an object. */
function joseHeader(rawToken: string): { kid?: unknown; alg?: unknown } | undefined {
  const end = rawToken.indexOf('.');
  if (end < 1) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(rawToken.slice(0, end), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null ? header : undefined;
  } catch {
    return undefined;
  }
}

/**
 * With signing keys, the token's `kid` picks the public key that verifies it, and its `alg` must be
 * that key's (RFC 8725 §3.1): no kid, an unknown one, or another alg (HS256 signed with the public
 * key, `none`) is refused before jsonwebtoken runs. The kid is only ever a key of this map (RFC 8725
 * §3.10): never a path, a query or a URL.
 */
function signingKeyProvider(keys: readonly SigningKey[]): SecretOrKeyProvider {
  const byKid = new Map(keys.map((key) => [key.kid, key]));
  return (_req, rawToken: string, done) => {
    const header = joseHeader(rawToken);
    const key = typeof header?.kid === 'string' ? byKid.get(header.kid) : undefined;
    if (!key || header?.alg !== key.alg) return done(new Error('no signing key for this token'));
    Reflect.apply(done, undefined, [null, key.publicKey]);
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
  return new JwtStrategy(
    {
      // Our own linear parser: passport-jwt's backtracks on a long header without spaces.
      jwtFromRequest: bearerToken,
      secretOrKeyProvider: jwtConfig.signingKeys ? signingKeyProvider(jwtConfig.signingKeys) : keyObjectProvider(jwtConfig.key),
      algorithms: [accessTokenAlgorithm(jwtConfig)],
      issuer: jwtConfig.issuer,
      audience: jwtConfig.audience,
      jsonWebTokenOptions: { complete: true },
    },
    (token: unknown, done: (error: unknown, user?: Express.User | false) => void) => {
      if (!isCompleteToken(token) || !isOurAccessToken(token)) return done(null, false);
      const { sub, ver, jti, sid, auth_time: authTime } = token.payload;
      findUserForToken(sub, liveSessionFilter(sid)).then(
        (user) =>
          done(null, user?.tokenVersion === ver && user.disabled !== true ? { user, tokenId: jti, authTime, sessionId: sid } : false),
        done,
      );
    },
  );
}
