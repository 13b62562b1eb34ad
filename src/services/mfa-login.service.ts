import mongoose from 'mongoose';
import type { Types } from 'mongoose';
import { generateOpaqueToken, hashOpaqueToken } from '../auth/opaque-token.js';
import type { Config } from '../config/config.js';
import { claimOne } from '../db/claim-one.js';
import { AppError } from '../errors/app-error.js';
import { MfaChallengeModel } from '../models/mfa-challenge.model.js';
import { UserModel } from '../models/user.model.js';
import { startSession, type ClientInfo, type SignedIn } from './session.service.js';
import { verifySecondFactor, type MfaSettings } from './totp.service.js';

/** How long an mfa_token waits for its code. */
export const MFA_TOKEN_TTL_SECONDS = 5 * 60;
/** Codes one mfa_token may be tried with. */
export const MFA_TOKEN_ATTEMPTS = 5;

const { trusted } = mongoose;

function invalidToken(): AppError {
  return new AppError(
    'INVALID_MFA_TOKEN',
    'The sign-in step is unknown, finished, expired or has seen too many wrong codes; sign in again.',
  );
}

const live = () => ({ spentAt: null, expiresAt: trusted({ $gt: new Date() }), attempts: trusted({ $lt: MFA_TOKEN_ATTEMPTS }) });

/**
 * The gate between a first factor and a session: returns when the account has no second factor, else
 * throws MFA_REQUIRED carrying a new single-use `mfa_token` (5 minutes) for POST /auth/login/mfa.
 */
export async function requireSecondFactor(user: { _id: Types.ObjectId; mfaEnabled?: boolean | null }): Promise<void> {
  if (!user.mfaEnabled) return;
  const token = generateOpaqueToken();
  await MfaChallengeModel.create({
    tokenHash: hashOpaqueToken(token),
    user: user._id,
    expiresAt: new Date(Date.now() + MFA_TOKEN_TTL_SECONDS * 1000),
  });
  throw new AppError('MFA_REQUIRED', 'The password was right; finish signing in with a code at POST /auth/login/mfa.', {
    extensions: { mfa_token: token, methods: ['totp', 'recovery_code'] },
    headers: { 'Cache-Control': 'no-store' },
  });
}

/** The email of the account a live mfa_token stands for, so wrong codes count against that account. Throws INVALID_MFA_TOKEN. */
export async function mfaTokenEmail(token: string): Promise<string> {
  const challenge = await MfaChallengeModel.findOne({ tokenHash: hashOpaqueToken(token), ...live() }).lean();
  const user = challenge && (await UserModel.findById(challenge.user).lean());
  if (!user) throw invalidToken();
  return user.email;
}

/**
 * Finishes a sign-in with a second factor. Each try spends one of the token's five attempts before
 * the code is checked (one conditional update, so concurrent guesses get no more); the right code
 * spends the token. Throws INVALID_MFA_TOKEN, INVALID_MFA_CODE.
 */
export async function completeMfaLogin(
  input: { mfa_token: string; code: string },
  client: ClientInfo,
  settings: MfaSettings & Pick<Config, 'jwt' | 'refreshTtlSeconds'>,
): Promise<SignedIn> {
  const tokenHash = hashOpaqueToken(input.mfa_token);
  const attempt = await claimOne(MfaChallengeModel, { tokenHash }, live(), { $inc: { attempts: 1 } });
  if (!attempt) throw invalidToken();
  await verifySecondFactor(attempt.user, input.code, settings);
  const spent = await claimOne(MfaChallengeModel, { tokenHash }, { spentAt: null }, { $set: { spentAt: new Date() } });
  const user = spent && (await UserModel.findById(spent.user).select('+passwordHash').lean());
  if (!user) throw invalidToken();
  return startSession(user, client, settings);
}
