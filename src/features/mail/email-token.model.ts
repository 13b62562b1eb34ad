import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { singleUseFields } from '../../models/single-use-fields.js';

export const EMAIL_TOKEN_PURPOSES = ['verify-email', 'reset-password', 'change-email'] as const;
export type EmailTokenPurpose = (typeof EMAIL_TOKEN_PURPOSES)[number];

/** How long a mailed link works; the mails and route summaries quote these. */
export const EMAIL_TOKEN_TTL_SECONDS: Readonly<Record<EmailTokenPurpose, number>> = {
  'verify-email': 24 * 60 * 60,
  'reset-password': 30 * 60,
  'change-email': 60 * 60,
};

/** A single-use token sent by mail: it proves that whoever holds it can read `email`'s inbox. */
const emailTokenSchema = new Schema({
  // spentAt is also set when a newer token of the same purpose replaces it.
  ...singleUseFields,
  purpose: { type: String, enum: EMAIL_TOKEN_PURPOSES, required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // The address the mail went to: the token is void once the account's email has changed.
  email: { type: String, required: true },
  // For `change-email`: the address the mail went to, which becomes the account's once the token is used.
  newEmail: { type: String, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});
emailTokenSchema.index({ user: 1, purpose: 1 });

export type EmailTokenDocument = InferSchemaType<typeof emailTokenSchema> & { _id: Types.ObjectId };

export const EmailTokenModel = model('EmailToken', emailTokenSchema);
