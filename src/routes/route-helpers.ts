import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import { refreshCookie, type RefreshCookie, type RefreshCookiePolicy } from '../auth/refresh-cookie.js';
import type { Config } from '../config/config.js';
import { originSet } from '../middleware/cors-policy.js';
import type { ClientInfo } from '../services/session.service.js';

/** Where the request came from, recorded with the session it starts. */
export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/**
 * Sends a body that carries tokens: never cached (RFC 6749 §5.1). With a cookie (cookie delivery)
 * the refresh token goes into it and never into the body, where a script could read it.
 */
export function sendTokens(res: Response, status: number, body: { refresh_token?: string | undefined }, cookie?: RefreshCookie): void {
  if (cookie && body.refresh_token !== undefined) {
    const { refresh_token: refreshToken, ...rest } = body;
    cookie.set(res, refreshToken);
    body = rest;
  }
  res.status(status).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(body);
}

/** The refresh-token cookie policy of a configuration: who may use the refresh-token cookie, and for how long it lives. */
export function refreshCookiePolicy(config: Config): RefreshCookiePolicy {
  return { env: config.env, refreshTtlSeconds: config.refreshTtlSeconds, allowedOrigins: originSet(config.corsOrigins) };
}

/** The request's refresh-token cookie when it asked for cookie delivery (`"delivery": "cookie"`). */
export function requestedCookie(req: Request, policy: RefreshCookiePolicy): RefreshCookie | undefined {
  return (req.body as { delivery?: unknown }).delivery === 'cookie' ? refreshCookie(req, policy) : undefined;
}

/** The principal requireAuth let through; a TypeError on a route without `auth: true`. Any route's request will do, whatever its parsed query. */
export function principal(req: Pick<Request, 'user'>): Principal {
  if (!req.user) throw new TypeError('principal() needs a route with auth: true');
  return req.user;
}
