import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import type { z } from 'zod';
import { ROLES } from '../auth/permissions.js';
import type { User as UserSchema } from '../schemas/auth.schemas.js';
import type { AdminUser as AdminUserSchema } from '../schemas/admin.schemas.js';

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
    // Never set through the API by the account itself: an admin, or `npm run user:role`.
    role: { type: String, enum: ROLES, required: true, default: 'user' },
    // A disabled account cannot sign in, refresh, or use an access token.
    disabled: { type: Boolean, required: true, default: false },
    lastLoginAt: { type: Date, default: null },
    // Set by the second-factor routes; read by login.
    mfaEnabled: { type: Boolean, required: true, default: false },
  },
  {
    timestamps: true,
    toJSON: {
      transform: (_doc, ret: Record<string, unknown>) => {
        delete ret.passwordHash;
        return ret;
      },
    },
  },
);

// The admin listing walks `_id` newest first; these serve its role and disabled filters without a scan.
userSchema.index({ role: 1, _id: -1 });
userSchema.index({ disabled: 1, _id: -1 });

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };

export const UserModel = model('User', userSchema);

/** The public User object of the API contract: the type of the schema the OpenAPI document shows. */
export type User = z.output<typeof UserSchema>;
export type AdminUser = z.output<typeof AdminUserSchema>;

/** Maps a stored user (read with `+passwordHash`, which is only inspected, never copied) to the contract's User. */
export function toUser(
  doc: Pick<UserDocument, '_id' | 'email' | 'name' | 'emailVerified' | 'googleId' | 'passwordHash' | 'createdAt' | 'role' | 'mfaEnabled'>,
): User {
  const providers: User['providers'] = [];
  if (doc.passwordHash) providers.push('password');
  if (doc.googleId) providers.push('google');
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name ?? null,
    email_verified: doc.emailVerified,
    providers,
    // Accounts stored before roles and second factors existed lack the fields (lean reads apply no defaults).
    role: doc.role ?? 'user',
    mfa_enabled: doc.mfaEnabled ?? false,
    created_at: doc.createdAt.toISOString(),
  };
}

/** The AdminUser object of the contract: the User plus what only admins see. */
export function toAdminUser(doc: Parameters<typeof toUser>[0] & Pick<UserDocument, 'disabled' | 'lastLoginAt'>): AdminUser {
  return { ...toUser(doc), disabled: doc.disabled ?? false, last_login_at: doc.lastLoginAt?.toISOString() ?? null };
}
