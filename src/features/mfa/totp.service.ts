import mongoose, { type Types } from 'mongoose';
import { openSecret, sealSecret } from './secret-box.js';
import { generateTotpSecret, matchTotpStep, totpUri } from './totp.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { authEvents } from '../../lib/auth-events.js';
import { UserModel } from '../../models/user.model.js';
import { deleteRecoveryCodes, isRecoveryCode, issueRecoveryCodes, spendRecoveryCode } from './recovery-code.service.js';

export type MfaSettings = Pick<Config, 'mfa'>;

const { trusted } = mongoose;

function invalidCode(detail = 'The code is wrong, expired or already used.'): AppError {
  return new AppError('INVALID_MFA_CODE', detail);
}

/** A wrong (or replayed) code for an account whose second factor is on: counted as mfa_failed. */
function wrongCode(): AppError {
  authEvents.report('mfa_failed');
  return invalidCode();
}

function alreadyEnabled(): AppError {
  return new AppError('MFA_ALREADY_ENABLED', 'Two-step sign-in is already on for this account.');
}

/** The key TOTP secrets are sealed with. Throws MFA_NOT_CONFIGURED (production without MFA_ENCRYPTION_KEY). */
function mfaKey(config: MfaSettings): Buffer {
  if (!config.mfa.encryptionKey) throw new AppError('MFA_NOT_CONFIGURED', 'Two-step sign-in is not configured on this server.');
  return config.mfa.encryptionKey;
}

/** Opens a sealed TOTP secret; a secret sealed under another key is the server's fault (503), never a 500 with a stack. */
function openTotpSecret(sealed: string, key: Buffer, userId: Types.ObjectId): string {
  try {
    return openSecret(sealed, key, userId.toHexString());
  } catch (error) {
    throw new AppError('MFA_NOT_CONFIGURED', 'The stored TOTP secret does not open with MFA_ENCRYPTION_KEY.', { cause: error });
  }
}

/** Starts TOTP set-up: a new secret, pending until a first code enables it (a new call replaces it). Throws MFA_ALREADY_ENABLED. */
export async function setupTotp(user: { _id: Types.ObjectId; email: string }, config: MfaSettings) {
  const key = mfaKey(config);
  const secret = generateTotpSecret();
  const sealed = sealSecret(secret, key, user._id.toHexString());
  const { matchedCount } = await UserModel.updateOne({ _id: user._id, mfaEnabled: false }, { $set: { totpPendingSecret: sealed } });
  if (matchedCount === 0) throw alreadyEnabled();
  return { secret, otpauth_uri: totpUri(secret, config.mfa.issuer, user.email) };
}

/** Turns MFA on with a first code of the pending secret; returns the recovery codes. Throws INVALID_MFA_CODE, MFA_ALREADY_ENABLED. */
export async function enableTotp(userId: Types.ObjectId, code: string, config: MfaSettings): Promise<string[]> {
  const key = mfaKey(config);
  const user = await UserModel.findById(userId).select('+totpPendingSecret').lean();
  if (user?.mfaEnabled) throw alreadyEnabled();
  if (!user?.totpPendingSecret) throw invalidCode('Start with POST /auth/mfa/totp/setup.');
  const step = matchTotpStep(openTotpSecret(user.totpPendingSecret, key, userId), code);
  if (step === null) throw invalidCode();
  const { matchedCount } = await UserModel.updateOne(
    { _id: userId, mfaEnabled: false, totpPendingSecret: user.totpPendingSecret },
    { $set: { mfaEnabled: true, totpSecret: user.totpPendingSecret, totpLastStep: step }, $unset: { totpPendingSecret: 1 } },
  );
  if (matchedCount === 0) throw alreadyEnabled();
  return issueRecoveryCodes(userId);
}

/**
 * Accepts a TOTP code once: its time step must be later than the last one accepted, recorded in the
 * same conditional update, so a replay (even a concurrent one) is refused. Throws INVALID_MFA_CODE.
 */
async function verifyTotp(userId: Types.ObjectId, code: string, config: MfaSettings): Promise<void> {
  const key = mfaKey(config);
  const user = await UserModel.findById(userId).select('+totpSecret').lean();
  if (!user?.mfaEnabled || !user.totpSecret) throw invalidCode('Two-step sign-in is not on for this account.');
  const step = matchTotpStep(openTotpSecret(user.totpSecret, key, userId), code);
  if (step === null) throw wrongCode();
  const { modifiedCount } = await UserModel.updateOne(
    { _id: userId, mfaEnabled: true, totpLastStep: trusted({ $lt: step }) },
    { $set: { totpLastStep: step } },
  );
  if (modifiedCount === 0) throw wrongCode();
}

/** Checks a second factor: a TOTP code, or a recovery code (spent). Throws INVALID_MFA_CODE. */
export async function verifySecondFactor(userId: Types.ObjectId, code: string, config: MfaSettings): Promise<void> {
  if (!isRecoveryCode(code)) return verifyTotp(userId, code, config);
  mfaKey(config);
  if (!(await UserModel.exists({ _id: userId, mfaEnabled: true })) || !(await spendRecoveryCode(userId, code))) throw wrongCode();
}

/** Turns MFA off: the secret, a pending one and the recovery codes are gone. */
export async function removeTotp(userId: Types.ObjectId): Promise<void> {
  await UserModel.updateOne(
    { _id: userId },
    { $set: { mfaEnabled: false }, $unset: { totpSecret: 1, totpPendingSecret: 1, totpLastStep: 1 } },
  );
  await deleteRecoveryCodes(userId);
}

/** Turns MFA off after a TOTP or recovery code. Throws INVALID_MFA_CODE. */
export async function disableTotp(userId: Types.ObjectId, code: string, config: MfaSettings): Promise<void> {
  await verifySecondFactor(userId, code, config);
  await removeTotp(userId);
}

/** A new set of recovery codes after a TOTP code; the old set is dead. Throws INVALID_MFA_CODE. */
export async function regenerateRecoveryCodes(userId: Types.ObjectId, code: string, config: MfaSettings): Promise<string[]> {
  if (isRecoveryCode(code)) throw invalidCode('A new set needs a code from the authenticator app.');
  await verifyTotp(userId, code, config);
  return issueRecoveryCodes(userId);
}
