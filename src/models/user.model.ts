import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import type { z } from 'zod';
import type { User as UserSchema } from '../schemas/auth.schemas.js';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, trim: true, lowercase: true },
    name: { type: String, default: null },
    passwordHash: { type: String, select: false },
    // Sparse: only accounts that signed in with Google hold a subject id (never store null here).
    googleId: { type: String, unique: true, sparse: true },
    emailVerified: { type: Boolean, required: true, default: false },
    // Bumped to invalidate every access token issued before (logout-all, password change).
    tokenVersion: { type: Number, required: true, default: 0 },
    // Second factors (docs/second-factors.md). The TOTP secret is sealed with MFA_ENCRYPTION_KEY; the
    // pending one waits for its first code. The last accepted time step makes every code single use.
    mfaEnabled: { type: Boolean, required: true, default: false },
    totpSecret: { type: String, select: false },
    totpPendingSecret: { type: String, select: false },
    totpLastStep: { type: Number, select: false },
    passkeyCount: { type: Number, required: true, default: 0 },
  },
  {
    timestamps: true,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        delete ret.passwordHash;
        delete ret.totpSecret;
        delete ret.totpPendingSecret;
        return ret;
      },
    },
  },
);

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };

export const UserModel = model('User', userSchema);

/** The public User object of the API contract: the type of the schema the OpenAPI document shows. */
export type User = z.output<typeof UserSchema>;

/** Maps a stored user (read with `+passwordHash`, which is only inspected, never copied) to the contract's User. */
export function toUser(
  doc: Pick<UserDocument, '_id' | 'email' | 'name' | 'emailVerified' | 'googleId' | 'passwordHash' | 'createdAt'> &
    Partial<Pick<UserDocument, 'passkeyCount'>>,
): User {
  const providers: User['providers'] = [];
  if (doc.passwordHash) providers.push('password');
  if (doc.googleId) providers.push('google');
  if (doc.passkeyCount) providers.push('passkey');
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name ?? null,
    email_verified: doc.emailVerified,
    providers,
    created_at: doc.createdAt.toISOString(),
  };
}
