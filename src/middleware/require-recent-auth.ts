import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import { REALM } from './require-auth.js';

/** Which requests of a route need a recent authentication: all of them, or those the predicate picks (by their parsed body). */
export type RecentAuth = true | ((req: Request) => boolean);

/**
 * Lets a request through only when its access token's `auth_time` is at most `maxAgeSeconds` old (a
 * refresh copies `auth_time`, so only proving who you are again renews it); mount after requireAuth
 * and validation. Throws REAUTHENTICATION_REQUIRED with the RFC 9470 §3 challenge.
 */
export function requireRecentAuth(recentAuth: RecentAuth, maxAgeSeconds: number): RequestHandler {
  return (req, _res, next) => {
    const applies = recentAuth === true || recentAuth(req);
    if (!applies || Date.now() / 1000 - (req.user?.authTime ?? 0) <= maxAgeSeconds) return next();
    throw new AppError(
      'REAUTHENTICATION_REQUIRED',
      `This changes a way into the account: prove who you are again (POST /auth/reauthenticate, or a passkey at POST /auth/passkeys/reauthenticate/options), then retry within ${maxAgeSeconds} seconds.`,
      { headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_user_authentication", max_age=${maxAgeSeconds}` } },
    );
  };
}
