import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { singleUseFields } from '../models/single-use-fields.js';

/** The one-time code a browser trades for tokens at POST /auth/oauth/exchange. */
const oauthCodeSchema = new Schema({
  ...singleUseFields,
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  // SHA-256 of the secret in the code cookie of the browser the sign-in finished in: only it can trade the code.
  bindingHash: { type: String, required: true },
  createdAt: { type: Date, required: true, default: () => new Date() },
});

export type OAuthCodeDocument = InferSchemaType<typeof oauthCodeSchema> & { _id: Types.ObjectId };

export const OAuthCodeModel = model('OAuthCode', oauthCodeSchema);
