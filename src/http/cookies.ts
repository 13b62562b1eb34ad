import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../config/config.js';

/**
 * Every cookie the server sets goes through this module: it owns the attributes (HttpOnly, SameSite,
 * Path, Secure, the `__Secure-` prefix), so that one rule decides `Secure` for all of them.
 *
 * The rule: a cookie is Secure when the server runs in production or the request arrived over HTTPS
 * (`req.secure`, which believes X-Forwarded-Proto only from the proxies TRUST_PROXY counts).
 * - Production serves HTTPS only (require-https); a proxy in front may speak plain HTTP to us, so
 *   production never asks the request: its cookies are always Secure.
 * - Any other deployment behind HTTPS (a staging server, say) gets Secure cookies too: the browser's
 *   page is https, and a cookie that could leak over http would be a downgrade.
 * - The demo on http://localhost is plain HTTP outside production: no Secure (a browser may refuse
 *   to store or send a Secure cookie there), and so no `__Secure-` prefix either.
 * No cookie takes the `__Host-` prefix: it requires `Path=/`, and every cookie here is scoped to the
 * few paths that read it.
 */
export type CookiePolicy = Pick<Config, 'env'>;

/** Whether this request's cookies are Secure (the rule above). */
export function securesCookies(req: Request, policy: CookiePolicy): boolean {
  return policy.env === 'production' || req.secure;
}

export interface CookieDefinition {
  /** The name without prefix. */
  readonly name: string;
  /** The only path the browser sends it to. */
  readonly path: string;
  /** `cross-site`: SameSite=None when Secure (a browser refuses None without Secure), else Lax. */
  readonly sameSite: 'strict' | 'lax' | 'cross-site';
  readonly maxAgeSeconds: number;
  /** Signed by cookie-parser with COOKIE_SECRET (the route needs cookieParser(secret)). */
  readonly signed?: boolean;
  /** Takes the `__Secure-` prefix when Secure, so that a browser refuses it from plain HTTP. */
  readonly securePrefix?: boolean;
}

/** One cookie as seen from one request. Reading it needs cookie-parser on the route. */
export interface RequestCookie {
  /** The name on the wire (with its prefix when it has one). */
  readonly name: string;
  readonly secure: boolean;
  /** What the browser sent: as cookie-parser parsed it (false for a forged signed cookie), undefined if nothing. */
  readonly sent: unknown;
  /** How many cookies of this name the request carries (cookie-parser keeps only the first). */
  sentTimes(): number;
  set(res: Response, value: string | object): void;
  /** Removes it (`Max-Age=0`, same name, path and attributes). */
  clear(res: Response): void;
}

/** The cookie's attributes for a request, without Max-Age. */
function attributes(definition: CookieDefinition, secure: boolean): CookieOptions {
  const sameSite = definition.sameSite === 'cross-site' ? (secure ? 'none' : 'lax') : definition.sameSite;
  return { path: definition.path, httpOnly: true, secure, sameSite, ...(definition.signed && { signed: true }) };
}

/** `definition` for the request `req`: its name, what the browser sent, and how to set and clear it. */
export function requestCookie(req: Request, definition: CookieDefinition, policy: CookiePolicy): RequestCookie {
  const secure = securesCookies(req, policy);
  const name = secure && definition.securePrefix ? `__Secure-${definition.name}` : definition.name;
  const options = attributes(definition, secure);
  const jar = (definition.signed ? req.signedCookies : req.cookies) as Record<string, unknown> | undefined;
  return {
    name,
    secure,
    sent: jar?.[name],
    sentTimes: () => (req.headers.cookie ?? '').split(';').filter((pair) => pair.split('=', 1)[0]?.trim() === name).length,
    set: (res, value) => res.cookie(name, value, { ...options, maxAge: definition.maxAgeSeconds * 1000 }),
    clear: (res) => {
      const { signed: _signed, ...unsigned } = options;
      res.cookie(name, '', { ...unsigned, maxAge: 0 });
    },
  };
}

/** What the browser sent when it is a non-empty string (cookie-parser turns a `j:` value into an object). */
export function sentString(cookie: RequestCookie): string | undefined {
  return typeof cookie.sent === 'string' && cookie.sent !== '' ? cookie.sent : undefined;
}
