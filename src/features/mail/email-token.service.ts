import mongoose, { type Types } from 'mongoose';
import { generateToken, spendToken } from '../../auth/single-use-token.js';
import { mailLink } from './messages.js';
import type { Mail, Outbox } from '../../mail/outbox.js';
import { EMAIL_TOKEN_TTL_SECONDS, EmailTokenModel, type EmailTokenPurpose } from './email-token.model.js';

const { trusted } = mongoose;

/**
 * Issues a single-use token for `purpose` to the account's current email (only its SHA-256 is
 * stored) and spends every older unspent one of the same purpose: only the newest link works.
 * `newEmail` is where an email change goes, for `change-email`.
 */
export async function issueEmailToken(
  user: { _id: Types.ObjectId; email: string },
  purpose: EmailTokenPurpose,
  newEmail: string | null = null,
): Promise<string> {
  const now = Date.now();
  const { token, stored } = generateToken(EMAIL_TOKEN_TTL_SECONDS[purpose], now);
  const issued = await EmailTokenModel.create({
    ...stored,
    purpose,
    user: user._id,
    email: user.email,
    newEmail,
    createdAt: new Date(now),
  });
  // Older by id, not "every other": of two tokens issued at once the newer one survives, never neither.
  await EmailTokenModel.updateMany(
    { user: user._id, purpose, spentAt: null, _id: trusted({ $lt: issued._id }) },
    { $set: { spentAt: issued.createdAt } },
  );
  return token;
}

/**
 * Spends a token of `purpose` (mailed to `owner`'s account, when given) in one conditional update: of
 * concurrent uses exactly one gets it; null when unknown, another account's, spent or expired.
 */
export function redeemEmailToken(token: string, purpose: EmailTokenPurpose, owner?: Types.ObjectId) {
  return spendToken(EmailTokenModel, token, { key: { purpose, ...(owner && { user: owner }) } });
}

/**
 * Mails `user` a link carrying a new token of `purpose` (to `newEmail` for an email change). The token
 * is issued inside the outbox, after the answer: whether a mail goes out costs the request nothing.
 */
export function mailEmailToken(
  outbox: Outbox,
  user: { _id: Types.ObjectId; email: string },
  purpose: EmailTokenPurpose,
  appUrl: string,
  compose: (to: string, link: string) => Mail,
  newEmail: string | null = null,
): void {
  outbox.post(async () => compose(newEmail ?? user.email, mailLink(appUrl, purpose, await issueEmailToken(user, purpose, newEmail))));
}
