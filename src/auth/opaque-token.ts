import { createHash, randomBytes } from 'node:crypto';

/** A new opaque secret of 256 random bits (refresh tokens, one-time codes), URL-safe. */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The SHA-256 digest under which an opaque token is stored: the token itself never is. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
