import { Schema, model, type InferSchemaType, type QueryFilter, type Types } from 'mongoose';
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

/** A stored user as the services handle it: never the password hash, only whether there is one. */
export type UserRecord = Omit<UserDocument, 'passwordHash'> & { readonly hasPassword: boolean };

/** Drops the password hash of a stored user read with `+passwordHash`, keeping whether it had one. */
export function toUserRecord({ passwordHash, ...user }: UserDocument): UserRecord {
  return { ...user, hasPassword: Boolean(passwordHash) };
}

/**
 * The one user lookup that builds a User: `providers` needs to know whether a hash exists, so the hash
 * is read here and dropped at once (services that compare or set a password read it themselves).
 */
export async function findUserRecord(filter: QueryFilter<UserDocument>): Promise<UserRecord | null> {
  const user = await UserModel.findOne(filter).select('+passwordHash').lean<UserDocument>();
  return user && toUserRecord(user);
}

/** Maps a stored user to the contract's User. */
export function toUser(
  user: Pick<UserRecord, '_id' | 'email' | 'name' | 'emailVerified' | 'googleId' | 'hasPassword' | 'createdAt'> &
    Partial<Pick<UserRecord, 'passkeyCount'>>,
): User {
  const providers: User['providers'] = [];
  if (user.hasPassword) providers.push('password');
  if (user.googleId) providers.push('google');
  if (user.passkeyCount) providers.push('passkey');
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name ?? null,
    email_verified: user.emailVerified,
    providers,
    created_at: user.createdAt.toISOString(),
  };
}
