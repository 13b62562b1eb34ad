import type { Config } from '../../config/config.js';
import { AppError } from '../../errors/app-error.js';
import { verificationMail } from './messages.js';
import type { Outbox } from '../../mail/outbox.js';
import { UserModel, findUserRecord, type UserRecord } from '../../models/user.model.js';
import { toUser, type User } from '../../services/user-view.js';
import { mailEmailToken, redeemEmailToken } from './email-token.service.js';

/** Mails the signed-in user a link that verifies their email. Throws EMAIL_ALREADY_VERIFIED. */
export function requestEmailVerification(user: UserRecord, outbox: Outbox, config: Pick<Config, 'appUrl'>): void {
  if (user.emailVerified) throw new AppError('EMAIL_ALREADY_VERIFIED', 'This email address is already verified.');
  mailEmailToken(outbox, user, 'verify-email', config.appUrl, verificationMail);
}

/**
 * Marks the email the token was mailed to as verified, for the signed-in account it was mailed to
 * only: whoever opens the link without that account's password (the owner of an address someone else
 * registered) cannot vouch for that password; a password reset is how they claim the account.
 * Throws INVALID_VERIFICATION_TOKEN (unknown, another account's, used, expired, or the email has changed since).
 */
export async function verifyEmail(token: string, owner: Pick<UserRecord, '_id'>): Promise<User> {
  const spent = await redeemEmailToken(token, 'verify-email', owner._id);
  const verified = spent && (await UserModel.updateOne({ _id: spent.user, email: spent.email }, { $set: { emailVerified: true } }));
  const user = spent && verified?.matchedCount === 1 ? await findUserRecord({ _id: spent.user }) : null;
  if (!user) throw new AppError('INVALID_VERIFICATION_TOKEN', 'The verification link is unknown, used or expired.');
  return toUser(user);
}
