import { randomInt } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import { hashToken } from '../../auth/single-use-token.js';
import { claimOne } from '../../db/claim-one.js';
import { RecoveryCodeModel } from './recovery-code.model.js';

/** How many codes a set holds. */
const RECOVERY_CODE_COUNT = 10;
// No 0/o, 1/l/i: a code is read off paper. 10 of 31 symbols: about 50 bits each.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const { trusted } = mongoose;

function newCode(): string {
  const symbols = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}

/** What is hashed: the code without case, spaces or dashes, so a code typed loosely still matches. */
function codeHash(code: string): string {
  return hashToken(code.toLowerCase().replace(/[\s-]/g, ''));
}

/** Whether `code` looks like a recovery code rather than a TOTP code. */
export function isRecoveryCode(code: string): boolean {
  return !/^\d{6}$/.test(code);
}

/**
 * Issues a new set of recovery codes (only their SHA-256 is stored) and spends every older unspent
 * one of the user: the previous set is dead. Returns the codes, to be shown once.
 */
export async function issueRecoveryCodes(userId: Types.ObjectId): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  const issued = await RecoveryCodeModel.insertMany(codes.map((code) => ({ tokenHash: codeHash(code), user: userId })));
  // Older by id (insertMany keeps order, so the first is the lowest), not "every other": of two sets
  // issued at once the newer one survives, never neither.
  await RecoveryCodeModel.updateMany(
    { user: userId, spentAt: null, _id: trusted({ $lt: issued[0]?._id }) },
    { $set: { spentAt: new Date() } },
  );
  return codes;
}

/** Spends one recovery code of the user in one conditional update; false when unknown or spent. */
export async function spendRecoveryCode(userId: Types.ObjectId, code: string): Promise<boolean> {
  const spent = await claimOne(
    RecoveryCodeModel,
    { user: userId, tokenHash: codeHash(code) },
    { spentAt: null },
    { $set: { spentAt: new Date() } },
  );
  return spent !== null;
}

/** Removes every recovery code of the user (MFA switched off). */
export async function deleteRecoveryCodes(userId: Types.ObjectId): Promise<void> {
  await RecoveryCodeModel.deleteMany({ user: userId });
}
