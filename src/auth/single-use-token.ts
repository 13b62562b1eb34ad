import { createHash, randomBytes } from 'node:crypto';
import mongoose, { type Model, type QueryFilter, type Types } from 'mongoose';
import { claimOne } from '../db/claim-one.js';

/**
 * The one pattern of every single-use secret (refresh tokens, and the features' sign-in codes, MFA steps,
 * mailed links, WebAuthn challenges): generate 256 random bits → store only their SHA-256 → spend
 * atomically once. Each model starts its schema with `singleUseFields`.
 */
interface SingleUse {
  tokenHash: string;
  spentAt?: Date | null;
  expiresAt: Date;
}

const { trusted } = mongoose;

/** Spends every unspent secret of `user` in `model`: none of them works any more. */
export async function voidUnspent(model: Model<SingleUse & { user?: unknown }>, user: Types.ObjectId): Promise<void> {
  await model.updateMany({ user, spentAt: null }, { $set: { spentAt: new Date() } });
}

/** The SHA-256 digest under which a single-use token is stored: the token itself never is. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new URL-safe token of 256 random bits, and the fields that store it until `ttlSeconds` from `now`. */
export function generateToken(ttlSeconds: number, now = Date.now()): { token: string; stored: { tokenHash: string; expiresAt: Date } } {
  const token = randomBytes(32).toString('base64url');
  return { token, stored: { tokenHash: hashToken(token), expiresAt: new Date(now + ttlSeconds * 1000) } };
}

/**
 * Spends `token` in one conditional update (claimOne): of concurrent spends exactly one gets the
 * document back. Null when the token is unknown, spent, expired, or fails the extra `conditions`.
 */
export function spendToken<T extends SingleUse>(
  model: Model<T>,
  token: string,
  conditions: { key?: QueryFilter<T>; unspent?: QueryFilter<T> } = {},
  now = new Date(),
): Promise<T | null> {
  const key = { tokenHash: hashToken(token), ...conditions.key } as QueryFilter<T>;
  const unspent = { spentAt: null, expiresAt: trusted({ $gt: now }), ...conditions.unspent } as QueryFilter<T>;
  return claimOne(model, key, unspent, { $set: { spentAt: now } });
}
