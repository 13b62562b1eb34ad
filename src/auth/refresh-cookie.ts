import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';

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

export type RefreshCookieSettings = Pick<Config, 'env' | 'refreshTtlSeconds'> & { readonly allowedOrigins: ReadonlySet<string> };

/** How many cookies named `name` the request carries (cookie-parser keeps only the first). */
function sentTimes(req: Request, name: string): number {
  return (req.headers.cookie ?? '').split(';').filter((pair) => pair.split('=', 1)[0]?.trim() === name).length;
}

/**
 * The refresh-token cookie of a request: `__Secure-refresh_token` (HttpOnly, Secure, SameSite=Strict,
 * sent to /auth only). Outside production over plain HTTP the name loses its prefix and the cookie
 * loses Secure, so the demo works on http://localhost. Reading it needs cookie-parser on the route.
 */
export function refreshCookie(req: Request, settings: RefreshCookieSettings): RefreshCookie {
  // Production serves HTTPS only (a proxy in front may speak HTTP to us): the browser's page is https.
  const secure = settings.env === 'production' || req.secure;
  const name = secure ? '__Secure-refresh_token' : 'refresh_token';
  const options: CookieOptions = { path: '/auth', httpOnly: true, secure, sameSite: 'strict' };
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  const ownOrigin = `${secure ? 'https' : req.protocol}://${req.get('host') ?? ''}`;
  return {
    value: typeof value === 'string' && value !== '' ? value : undefined,
    set: (res, token) => res.cookie(name, token, { ...options, maxAge: settings.refreshTtlSeconds * 1000 }),
    clear: (res) => res.cookie(name, '', { ...options, maxAge: 0 }),
    assertUsable: () => {
      if (sentTimes(req, name) > 1) {
        throw new AppError('CSRF_REJECTED', 'The request carries the refresh-token cookie more than once; nothing was done.');
      }
      const origin = req.get('origin');
      if (origin !== undefined && (origin === ownOrigin || settings.allowedOrigins.has(origin))) return;
      throw new AppError(
        'CSRF_REJECTED',
        'The refresh-token cookie is only accepted from this site or an allowed origin; nothing was done.',
      );
    },
  };
}
