import mongoose from 'mongoose';
import { hashPassword } from '../../auth/passwords.js';
import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { passwordResetMail } from './messages.js';
import type { Outbox } from '../../mail/outbox.js';
import { UserModel } from '../../models/user.model.js';
import { mailEmailToken, redeemEmailToken } from './email-token.service.js';
import { revokeEverything } from '../../services/session.service.js';

/**
 * Mails a reset link when an account has this email, and does nothing else when none has: the
 * lookup is the only work either way, and the answer is the same (everything else is in the outbox).
 */
export async function requestPasswordReset(email: string, outbox: Outbox, config: Pick<Config, 'appUrl'>): Promise<void> {
  const user = await UserModel.findOne({ email }).lean();
  if (!user || user.disabled === true) return;
  mailEmailToken(outbox, user, 'reset-password', config.appUrl, passwordResetMail);
}

/**
 * Sets a new password with a mailed token, then revokes every session and every access token. The
 * token proves the inbox, so the email counts as verified. Throws INVALID_RESET_TOKEN (unknown, used,
 * expired, replaced by a newer one, the account's email has changed since, or it is disabled).
 */
export async function resetPassword(input: { token: string; new_password: string }, config: Pick<Config, 'bcryptRounds'>): Promise<void> {
  const spent = await redeemEmailToken(input.token, 'reset-password');
  // A disabled account stays locked: a reset must not be a way back in.
  if (spent && (await UserModel.exists({ _id: spent.user, email: spent.email, disabled: mongoose.trusted({ $ne: true }) }))) {
    const passwordHash = await hashPassword(input.new_password, config.bcryptRounds);
    return revokeEverything(spent.user, { set: { passwordHash, hasPassword: true, emailVerified: true } });
  }
  throw new AppError('INVALID_RESET_TOKEN', 'The reset link is unknown, used, replaced or expired.');
}
