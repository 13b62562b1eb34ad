import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { singleUseFields } from './single-use-fields.js';

const refreshTokenSchema = new Schema({
  ...singleUseFields,
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  // The session id: every refresh token of one sign-in shares it, and so does the `sid` of its access tokens.
  family: { type: String, required: true, index: true },
  // When the person last proved who they are in this session (the `auth_time` claim): a rotation copies it, never renews it.
  authTime: { type: Date, required: true },
  revokedAt: { type: Date, default: null },
  createdByIp: { type: String, default: null },
  userAgent: { type: String, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});

export type RefreshTokenDocument = InferSchemaType<typeof refreshTokenSchema> & { _id: Types.ObjectId };

export const RefreshTokenModel = model('RefreshToken', refreshTokenSchema);
