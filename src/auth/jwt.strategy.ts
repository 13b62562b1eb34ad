import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { Config } from '../config/config.js';
import { findUserRecord } from '../models/user.model.js';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE } from './access-token.js';

interface CompleteToken {
  header: { typ?: unknown };
  payload: { sub?: unknown; ver?: unknown; jti?: unknown; exp?: unknown };
}

function isCompleteToken(value: unknown): value is CompleteToken {
  return typeof value === 'object' && value !== null && 'header' in value && 'payload' in value;
}

/**
 * The passport-jwt strategy for access tokens: Bearer header only, HS256 only, issuer and audience
 * pinned, `typ` checked, and the user must still exist with the same token version.
 */
export function createJwtStrategy(settings: Config['jwt']): JwtStrategy {
  return new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: settings.secret,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      jsonWebTokenOptions: { complete: true },
    },
    (token: unknown, done: (error: unknown, user?: Express.User | false) => void) => {
      if (!isCompleteToken(token) || token.header.typ !== ACCESS_TOKEN_TYPE) return done(null, false);
      const { sub, ver, jti, exp } = token.payload;
      // jsonwebtoken checks exp only when present: a token without one would never expire.
      if (
        typeof sub !== 'string' ||
        !/^[0-9a-f]{24}$/.test(sub) ||
        typeof ver !== 'number' ||
        typeof jti !== 'string' ||
        typeof exp !== 'number'
      ) {
        return done(null, false);
      }
      findUserRecord({ _id: sub }).then((user) => done(null, user?.tokenVersion === ver ? { user, tokenId: jti } : false), done);
    },
  );
}
