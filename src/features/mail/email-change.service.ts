import { verifyPassword } from '../../auth/passwords.js';
import type { Principal } from '../../auth/principal.js';
import type { Config } from '../../config/config.js';
import { isDuplicateKey } from '../../db/duplicate-key.js';
import { AppError } from '../../errors/app-error.js';
import { emailChangeMail, emailChangeNotice } from './messages.js';
import type { Outbox } from '../../mail/outbox.js';
import { UserModel, findUserRecord, type UserRecord } from '../../models/user.model.js';
import { toUser, type User } from '../../services/user-view.js';
import { mailEmailToken, redeemEmailToken } from './email-token.service.js';
import { revokeEverything } from '../../services/session.service.js';

function emailTaken(cause?: unknown): AppError {
  return new AppError('EMAIL_TAKEN', 'An account with this email already exists.', { cause });
}

/**
 * Mails a confirmation link to `new_email` and a notice to the account's current address, once the
 * password is confirmed; nothing changes until the link is used. Throws INVALID_CREDENTIALS (wrong
 * password, or an account without one), EMAIL_TAKEN.
 */
export async function requestEmailChange(
  caller: Principal,
  input: { new_email: string; current_password: string },
  outbox: Outbox,
  config: Pick<Config, 'appUrl' | 'bcryptRounds'>,
): Promise<void> {
  const stored = await UserModel.findById(caller.user._id).select('+passwordHash').lean();
  if (!stored || !(await verifyPassword(input.current_password, stored.passwordHash, config.bcryptRounds))) {
    throw new AppError('INVALID_CREDENTIALS', 'The current password is incorrect.');
  }
  if (await UserModel.exists({ email: input.new_email })) throw emailTaken();
  mailEmailToken(outbox, stored, 'change-email', config.appUrl, emailChangeMail, input.new_email);
  outbox.post(() => Promise.resolve(emailChangeNotice(stored.email, input.new_email)));
}

/**
 * Moves the signed-in account the token was mailed for to the address the token was mailed to, which
 * counts as verified, and signs out every session. Only that account can: whoever holds the mailbox
 * of an unsolicited link (the victim of a takeover attempt) must not move someone else's account onto
 * their address. Throws INVALID_EMAIL_CHANGE_TOKEN (unknown, another account's: not spent, used,
 * expired, replaced, or the account's email changed since), EMAIL_TAKEN (the address was taken
 * meanwhile: the token is spent).
 */
export async function confirmEmailChange(token: string, owner: Pick<UserRecord, '_id'>): Promise<User> {
  const spent = await redeemEmailToken(token, 'change-email', owner._id);
  if (spent?.newEmail) {
    try {
      const { matchedCount } = await UserModel.updateOne(
        { _id: spent.user, email: spent.email },
        { $set: { email: spent.newEmail, emailVerified: true } },
      );
      if (matchedCount === 1) {
        await revokeEverything(spent.user);
        const user = await findUserRecord({ _id: spent.user });
        if (user) return toUser(user);
      }
    } catch (error) {
      // The unique index decides: someone registered or moved to this address after the link was sent.
      if (isDuplicateKey(error)) throw emailTaken(error);
      throw error;
    }
  }
  throw new AppError('INVALID_EMAIL_CHANGE_TOKEN', 'The email change link is unknown, used, replaced or expired.');
}
