import mongoose, { type Types } from 'mongoose';
import { generateOpaqueToken, hashOpaqueToken } from '../auth/opaque-token.js';
import type { Config } from '../config/config.js';
import { claimOne } from '../db/claim-one.js';
import { AppError } from '../errors/app-error.js';
import { OAuthCodeModel } from '../models/oauth-code.model.js';
import { UserModel, type UserDocument } from '../models/user.model.js';
import { requireSecondFactor } from './mfa-login.service.js';
import { startSession, type ClientInfo, type SignedIn } from './session.service.js';

/** How long a one-time sign-in code can be traded for tokens. */
export const OAUTH_CODE_TTL_SECONDS = 60;

const { trusted } = mongoose;

/** Issues a one-time code that stands for `userId` for `ttlSeconds`; only its SHA-256 is stored. */
export async function createOAuthCode(userId: Types.ObjectId, ttlSeconds = OAUTH_CODE_TTL_SECONDS): Promise<string> {
  const code = generateOpaqueToken();
  await OAuthCodeModel.create({
    codeHash: hashOpaqueToken(code),
    user: userId,
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
  });
  return code;
}

/**
 * Trades a one-time code for a new session. The spend is one conditional update, so a code works
 * once even under concurrent use. Throws INVALID_OAUTH_CODE (unknown, used or expired), or
 * MFA_REQUIRED (with an mfa_token) when the account has a second factor.
 */
export async function redeemOAuthCode(
  code: string,
  client: ClientInfo,
  settings: Pick<Config, 'jwt' | 'refreshTtlSeconds'>,
): Promise<SignedIn> {
  const now = new Date();
  const spent = await claimOne(
    OAuthCodeModel,
    { codeHash: hashOpaqueToken(code) },
    { usedAt: null, expiresAt: trusted({ $gt: now }) },
    { $set: { usedAt: now } },
  );
  const user = spent && (await UserModel.findById(spent.user).select('+passwordHash').lean<UserDocument>());
  if (!user) throw new AppError('INVALID_OAUTH_CODE', 'The sign-in code is unknown, used or expired.');
  await requireSecondFactor(user);
  return startSession(user, client, settings);
}
