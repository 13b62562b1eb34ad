import type { Request } from 'express';

/**
 * Longest Authorization header read. Our access tokens are a few hundred characters; refusing
 * anything longer before any pattern runs keeps the cost of a hostile header constant.
 */
const MAX_AUTHORIZATION_LENGTH = 4096;

// RFC 6750 §2.1: `Bearer 1*SP b64token`, the scheme case-insensitive, nothing before or after. The
// character classes do not overlap (space, token characters, `=`), so matching is linear.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of an `Authorization: Bearer <token>` header, or null for a missing, malformed or oversized one. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (header === undefined || header.length > MAX_AUTHORIZATION_LENGTH) return null;
  return BEARER.exec(header)?.[1] ?? null;
}
