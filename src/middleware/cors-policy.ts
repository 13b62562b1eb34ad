import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the CORS_ORIGINS allow-list only: an unknown origin gets no CORS header at all (never a
 * wildcard, never its own origin reflected back). Credentials are allowed for those origins: the one
 * cookie an SPA sends is the one that binds a Google sign-in's code to its browser (tokens travel in
 * the Authorization header, never in cookies). Without origins, no CORS header is ever sent.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  // Browsers send the bare origin: `https://app.example.com/` in the variable must still match.
  const allowed = new Set(origins.map((origin) => new URL(origin).origin));
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
}
