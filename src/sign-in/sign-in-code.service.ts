import type { Types } from 'mongoose';
import { generateToken, hashToken, spendToken } from '../auth/single-use-token.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { OAuthCodeModel } from './sign-in-code.model.js';
import { findUserRecord } from '../models/user.model.js';
import { createSession, type ClientInfo, type SignedIn } from '../services/session.service.js';
import { requireSecondFactor } from '../services/second-factor.service.js';

/** How long a one-time sign-in code can be traded for tokens. */
export const OAUTH_CODE_TTL_SECONDS = 60;

/**
 * Issues a one-time code that stands for `userId` for `ttlSeconds`, and the binding secret the
 * browser must show with it (in the code cookie); only their SHA-256 digests are stored.
 */
export async function createOAuthCode(
  userId: Types.ObjectId,
  ttlSeconds = OAUTH_CODE_TTL_SECONDS,
): Promise<{ code: string; binding: string }> {
  const { token: code, stored } = generateToken(ttlSeconds);
  const binding = generateToken(ttlSeconds);
  await OAuthCodeModel.create({ ...stored, user: userId, bindingHash: binding.stored.tokenHash });
  return { code, binding: binding.token };
}

/**
 * Trades a one-time code, shown with the binding secret of the browser it was issued to, for a new
 * session. The spend is one conditional update, so a code works once even under concurrent use.
 * Throws INVALID_OAUTH_CODE (unknown, used, expired, or another browser's), or
 * MFA_REQUIRED (with an mfa_token) when the account has a second factor.
 */
export async function redeemOAuthCode(
  code: string,
  binding: unknown,
  client: ClientInfo,
  config: Pick<Config, 'jwt' | 'refreshTtlSeconds'>,
): Promise<SignedIn> {
  const bindingHash = hashToken(typeof binding === 'string' ? binding : '');
  const spent = await spendToken(OAuthCodeModel, code, { key: { bindingHash } });
  const user = spent && (await findUserRecord({ _id: spent.user }));
  if (!user) throw new AppError('INVALID_OAUTH_CODE', 'The sign-in code is unknown, used or expired.');
  await requireSecondFactor(user);
  return createSession(user, client, config);
}
