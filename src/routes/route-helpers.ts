import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal.js';
import type { ClientInfo } from '../services/session.service.js';

/** Where the request came from, recorded with the session it starts. */
export function clientInfo(req: Request): ClientInfo {
  return { ip: req.ip, userAgent: req.get('user-agent') };
}

/** Sends a body that carries tokens: never cached (RFC 6749 §5.1). */
export function sendTokens(res: Response, status: number, body: object): void {
  res.status(status).set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(body);
}

/** The principal requireAuth let through; a TypeError on a route without `auth: true`. */
export function principal(req: Request): Principal {
  if (!req.user) throw new TypeError('principal() needs a route with auth: true');
  return req.user;
}
