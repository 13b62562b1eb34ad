import mongoose from 'mongoose';
import { generateToken, hashToken, spendToken } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import { claimOne } from '../../db/claim-one.js';
import { AppError } from '../../errors/app-error.js';
import { MfaChallengeModel } from './mfa-challenge.model.js';
import { UserModel, findUserRecord, type UserRecord } from '../../models/user.model.js';
import { createSession, type ClientInfo, type SignedIn } from '../../services/session.service.js';
import { verifySecondFactor, type MfaSettings } from './totp.service.js';

/** How long an mfa_token waits for its code. */
const MFA_TOKEN_TTL_SECONDS = 5 * 60;
/** Codes one mfa_token may be tried with. */
const MFA_TOKEN_ATTEMPTS = 5;

const { trusted } = mongoose;

function invalidToken(): AppError {
  return new AppError(
    'INVALID_MFA_TOKEN',
    'The sign-in step is unknown, finished, expired or has seen too many wrong codes; sign in again.',
  );
}

const usableChallenge = () => ({ spentAt: null, expiresAt: trusted({ $gt: new Date() }), attempts: trusted({ $lt: MFA_TOKEN_ATTEMPTS }) });

/** TOTP's challenge at sign-in: throws MFA_REQUIRED carrying a new single-use `mfa_token` (5 minutes) for POST /auth/login/mfa. */
export async function challengeWithMfaToken(user: Pick<UserRecord, '_id'>): Promise<never> {
  const { token, stored } = generateToken(MFA_TOKEN_TTL_SECONDS);
  await MfaChallengeModel.create({ ...stored, user: user._id });
  throw new AppError('MFA_REQUIRED', 'The password was right; finish signing in with a code at POST /auth/login/mfa.', {
    extensions: { mfa_token: token, methods: ['totp', 'recovery_code'] },
    headers: { 'Cache-Control': 'no-store' },
  });
}

/** The email of the account a live mfa_token stands for, so wrong codes count against that account. Throws INVALID_MFA_TOKEN. */
export async function mfaTokenEmail(token: string): Promise<string> {
  const challenge = await MfaChallengeModel.findOne({ tokenHash: hashToken(token), ...usableChallenge() }).lean();
  const user = challenge && (await UserModel.findById(challenge.user, 'email').lean());
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
  config: MfaSettings & Pick<Config, 'jwt' | 'refreshTtlSeconds'>,
): Promise<SignedIn> {
  const attempt = await claimOne(MfaChallengeModel, { tokenHash: hashToken(input.mfa_token) }, usableChallenge(), {
    $inc: { attempts: 1 },
  });
  if (!attempt) throw invalidToken();
  await verifySecondFactor(attempt.user, input.code, config);
  const spent = await spendToken(MfaChallengeModel, input.mfa_token);
  const user = spent && (await findUserRecord({ _id: spent.user }));
  if (!user) throw invalidToken();
  return createSession(user, client, config);
}
