import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { verificationMail } from '../mail/messages.js';
import type { Outbox } from '../mail/outbox.js';
import { UserModel, toUser, withPasswordFlag, type User, type UserDocument } from '../models/user.model.js';
import { mailEmailToken, redeemEmailToken } from './email-token.service.js';

/** Mails the signed-in user a link that verifies their email. Throws EMAIL_ALREADY_VERIFIED. */
export function requestEmailVerification(account: UserDocument, outbox: Outbox, settings: Pick<Config, 'appUrl'>): void {
  if (account.emailVerified) throw new AppError('EMAIL_ALREADY_VERIFIED', 'This email address is already verified.');
  mailEmailToken(outbox, account, 'verify-email', settings.appUrl, verificationMail);
}

/** Marks the email the token was mailed to as verified. Throws INVALID_VERIFICATION_TOKEN (unknown, used, expired, or the email has changed since). */
export async function verifyEmail(token: string): Promise<User> {
  const spent = await redeemEmailToken(token, 'verify-email');
  const user =
    spent &&
    (await UserModel.findOneAndUpdate(
      { _id: spent.user, email: spent.email },
      { $set: { emailVerified: true } },
      { returnDocument: 'after' },
    ).lean<UserDocument>());
  if (!user) throw new AppError('INVALID_VERIFICATION_TOKEN', 'The verification link is unknown, used or expired.');
  return toUser(await withPasswordFlag(user));
}
