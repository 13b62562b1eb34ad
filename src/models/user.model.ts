import mongoose, { Schema, model, type InferSchemaType, type QueryFilter, type Types } from 'mongoose';
import type { z } from 'zod';
import { ROLES } from '../auth/permissions.js';
import type { User as UserSchema } from '../schemas/auth.schemas.js';
import type { AdminUser as AdminUserSchema } from '../schemas/admin.schemas.js';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, trim: true, lowercase: true },
    name: { type: String, default: null },
    passwordHash: { type: String, select: false },
    // Set wherever passwordHash is set or removed, so that `providers` never needs the hash loaded.
    // Absent on users stored before it existed: findUserRecord fills it on first read.
    hasPassword: { type: Boolean },
    // Sparse: only accounts that signed in with Google hold a subject id (never store null here).
    googleId: { type: String, unique: true, sparse: true },
    emailVerified: { type: Boolean, required: true, default: false },
    // Bumped to invalidate every access token issued before (logout-all, password change).
    tokenVersion: { type: Number, required: true, default: 0 },
    // Never set through the API by the account itself: an admin, or `npm run user:role`.
    role: { type: String, enum: ROLES, required: true, default: 'user' },
    // A disabled account cannot sign in, refresh, or use an access token.
    disabled: { type: Boolean, required: true, default: false },
    lastLoginAt: { type: Date, default: null },
    // Live sessions: session id → when it started. Read by the JWT check's filter, never loaded with the user (src/auth/live-sessions.ts).
    sessions: { type: Map, of: Date, select: false, default: () => new Map() },
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

// The admin listing walks `_id` newest first; these serve its role and disabled filters without a scan.
userSchema.index({ role: 1, _id: -1 });
userSchema.index({ disabled: 1, _id: -1 });

// `sessions` is never loaded with the user (select: false): only src/auth/live-sessions.ts reads it.
export type UserDocument = Omit<InferSchemaType<typeof userSchema>, 'sessions'> & { _id: Types.ObjectId };

export const UserModel = model('User', userSchema);

/** The public User object of the API contract: the type of the schema the OpenAPI document shows. */
export type User = z.output<typeof UserSchema>;
export type AdminUser = z.output<typeof AdminUserSchema>;

/** A stored user as the services handle it: never the password hash, only whether there is one. */
export type UserRecord = Omit<UserDocument, 'passwordHash' | 'hasPassword'> & { readonly hasPassword: boolean };

/** Drops the password hash of a stored user read with `+passwordHash`, keeping whether it had one. */
export function toUserRecord({ passwordHash, ...user }: UserDocument): UserRecord {
  return { ...user, hasPassword: Boolean(passwordHash) };
}

/**
 * The one user lookup that builds a User, without the hash: `providers` reads the stored `hasPassword`
 * (services that compare a password read the hash themselves). A user stored before the flag existed
 * gets it from one existence query, saved back, so that happens once per user.
 */
export async function findUserRecord(filter: QueryFilter<UserDocument>): Promise<UserRecord | null> {
  const user = await UserModel.findOne(filter).lean<UserDocument>();
  if (!user || typeof user.hasPassword === 'boolean') return user as UserRecord | null;
  const hasPassword = (await UserModel.exists({ _id: user._id, passwordHash: mongoose.trusted({ $exists: true }) })) !== null;
  await UserModel.updateOne({ _id: user._id, hasPassword: mongoose.trusted({ $exists: false }) }, { $set: { hasPassword } });
  return { ...user, hasPassword };
}

/** Maps a stored user to the contract's User. */
export function toUser(
  user: Pick<UserRecord, '_id' | 'email' | 'name' | 'emailVerified' | 'googleId' | 'hasPassword' | 'createdAt' | 'role' | 'mfaEnabled'> &
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
    // Accounts stored before roles and second factors existed lack the fields (lean reads apply no defaults).
    role: user.role ?? 'user',
    mfa_enabled: user.mfaEnabled ?? false,
    created_at: user.createdAt.toISOString(),
  };
}

/** The AdminUser object of the contract: the User plus what only admins see. */
export function toAdminUser(user: Parameters<typeof toUser>[0] & Pick<UserRecord, 'disabled' | 'lastLoginAt'>): AdminUser {
  return { ...toUser(user), disabled: user.disabled ?? false, last_login_at: user.lastLoginAt?.toISOString() ?? null };
}
