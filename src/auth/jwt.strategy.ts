import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import type { Config } from '../config/config.js';
import { findUserRecord } from '../models/user.model.js';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE } from './access-token.js';
import { isSessionId, liveSessionFilter } from './live-sessions.js';

interface CompleteToken {
  header: { typ?: unknown };
  payload: { sub?: unknown; ver?: unknown; jti?: unknown; exp?: unknown; sid?: unknown };
}

function isCompleteToken(value: unknown): value is CompleteToken {
  return typeof value === 'object' && value !== null && 'header' in value && 'payload' in value;
}

/**
 * The passport-jwt strategy for access tokens: Bearer header only, HS256 only, issuer and audience
 * pinned, `typ` checked, and the user must still exist with the same token version and the token's
 * session still live: one query checks both, so an ended session is refused at once.
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
      const { sub, ver, jti, exp, sid } = token.payload;
      // jsonwebtoken checks exp only when present: a token without one would never expire.
      if (
        typeof sub !== 'string' ||
        !/^[0-9a-f]{24}$/.test(sub) ||
        typeof ver !== 'number' ||
        typeof jti !== 'string' ||
        typeof exp !== 'number' ||
        !isSessionId(sid)
      ) {
        return done(null, false);
      }
      findUserRecord({ _id: sub, ...liveSessionFilter(sid) }).then(
        (user) => done(null, user?.tokenVersion === ver ? { user, tokenId: jti, sessionId: sid } : false),
        done,
      );
    },
  );
}
