import type { Request, Response } from 'express';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { requestCookie, sentString } from '../http/cookies.js';

/** Cookie delivery of the refresh token for one request (see refreshCookie). */
export interface RefreshCookie {
  /** The cookie's value as the browser sent it, if it did. */
  readonly value: string | undefined;
  set(res: Response, token: string): void;
  clear(res: Response): void;
  /**
   * Refuses a request that would use the cookie from an origin other than ours or CORS_ORIGINS: the
   * browser attaches the cookie to any request to us, the Origin header says who made it. Also refuses
   * a request that carries the cookie's name twice: a sibling subdomain can plant a second one, and the
   * first (which the parser keeps) would then choose the session. Throws CSRF_REJECTED (also with no
   * Origin, or `Origin: null`); nothing is spent.
   */
  assertUsable(): void;
}

export type RefreshCookiePolicy = Pick<Config, 'env' | 'refreshTtlSeconds'> & { readonly allowedOrigins: ReadonlySet<string> };

/**
 * The refresh-token cookie of a request: `__Secure-refresh_token` (HttpOnly, Secure, SameSite=Strict,
 * sent to /auth only). Outside production over plain HTTP the name loses its prefix and the cookie
 * loses Secure, so the demo works on http://localhost (the rule of src/http/cookies.ts). Reading it
 * needs cookie-parser on the route.
 */
export function refreshCookie(req: Request, policy: RefreshCookiePolicy): RefreshCookie {
  const cookie = requestCookie(
    req,
    { name: 'refresh_token', path: '/auth', sameSite: 'strict', maxAgeSeconds: policy.refreshTtlSeconds, securePrefix: true },
    policy,
  );
  const ownOrigin = `${cookie.secure ? 'https' : req.protocol}://${req.get('host') ?? ''}`;
  return {
    value: sentString(cookie),
    set: (res, token) => cookie.set(res, token),
    clear: (res) => cookie.clear(res),
    assertUsable: () => {
      if (cookie.sentTimes() > 1) {
        throw new AppError('CSRF_REJECTED', 'The request carries the refresh-token cookie more than once; nothing was done.');
      }
      const origin = req.get('origin');
      if (origin !== undefined && (origin === ownOrigin || policy.allowedOrigins.has(origin))) return;
      throw new AppError(
        'CSRF_REJECTED',
        'The refresh-token cookie is only accepted from this site or an allowed origin; nothing was done.',
      );
    },
  };
}
