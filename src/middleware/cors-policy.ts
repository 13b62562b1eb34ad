import cors from 'cors';
import type { RequestHandler } from 'express';

/** The CORS_ORIGINS as browsers send them in `Origin`: `https://app.example.com/` in the variable must still match. */
export function originSet(origins: readonly string[]): ReadonlySet<string> {
  return new Set(origins.map((origin) => new URL(origin).origin));
}

/**
 * CORS for the CORS_ORIGINS allow-list only: an unknown origin gets no CORS header at all (never a
 * wildcard, never its own origin reflected back). Credentials are allowed for those origins: the
 * cookies an SPA sends are the one that binds a Google sign-in's code to its browser and, with cookie
 * delivery, the refresh-token cookie (access tokens travel in the Authorization header, never in
 * cookies). `methods` are those of the route table, so a preflight allows every method the API serves.
 * Without origins, no CORS header is ever sent.
 */
export function corsPolicy(origins: readonly string[], methods: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  const allowed = originSet(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: [...methods],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
