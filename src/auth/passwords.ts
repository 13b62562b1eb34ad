import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

const dummyHashes = new Map<number, Promise<string>>();

/** Hashes a password with bcrypt at the configured cost. Callers validate the 72-byte limit first. */
export function hashPassword(password: string, rounds: number): Promise<string> {
  return bcrypt.hash(password, rounds);
}

/**
 * Compares a password with a stored hash. Without a hash (unknown email, Google-only account) it
 * still spends one comparison against a dummy hash, so response times do not reveal which case it was.
 */
export async function verifyPassword(password: string, hash: string | undefined | null, rounds: number): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  let dummy = dummyHashes.get(rounds);
  if (!dummy) {
    dummy = bcrypt.hash(randomBytes(16).toString('hex'), rounds);
    dummyHashes.set(rounds, dummy);
  }
  await bcrypt.compare(password, await dummy);
  return false;
}
