import type { Response } from 'express';

// Keyed by the response: one entry per request, gone with it.
const resolved = new WeakMap<Response, string>();

/**
 * Records whose account a request is about when neither the access token nor the body says so (the
 * account of an mfa_token): the per-account limits count against it. Call it in `after`, before them.
 */
export function setAccountEmail(res: Response, email: string): void {
  resolved.set(res, email);
}

/** The account email a route recorded with setAccountEmail, if it did. */
export function accountEmail(res: Response): string | undefined {
  return resolved.get(res);
}
