import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

const refreshTokenSchema = new Schema({
  // SHA-256 of the opaque token: a database leak yields no usable token.
  tokenHash: { type: String, required: true, unique: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true, index: true },
  // The session id: every refresh token of one sign-in shares it, and so does the `sid` of its access tokens.
  family: { type: String, required: true, index: true },
  // The TTL index only tidies up (MongoDB runs it about once a minute); the code checks expiry itself.
  expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
  // When the person last proved who they are in this session (the `auth_time` claim): a rotation copies it, never renews it.
  authTime: { type: Date, required: true },
  spentAt: { type: Date, default: null },
  revokedAt: { type: Date, default: null },
  createdByIp: { type: String, default: null },
  userAgent: { type: String, default: null },
  createdAt: { type: Date, required: true, default: () => new Date() },
});

export type RefreshTokenDocument = InferSchemaType<typeof refreshTokenSchema> & { _id: Types.ObjectId };

export const RefreshTokenModel = model('RefreshToken', refreshTokenSchema);
