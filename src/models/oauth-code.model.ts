import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

const oauthCodeSchema = new Schema({
  // SHA-256 of the one-time code: a database leak yields no code that could be traded for tokens.
  tokenHash: { type: String, required: true, unique: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // SHA-256 of the secret in the code cookie of the browser the sign-in finished in: only it can trade the code.
  bindingHash: { type: String, required: true },
  // The TTL index only tidies up; the exchange checks expiry itself.
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  spentAt: { type: Date, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});

export type OAuthCodeDocument = InferSchemaType<typeof oauthCodeSchema> & { _id: Types.ObjectId };

// A collection of its own since the fields were renamed: the old one's unique index on `codeHash` would
// refuse a second insert without that field; its codes (60 s) are emptied by its TTL index.
export const OAuthCodeModel = model('OAuthCode', oauthCodeSchema, 'oauth_codes');
