import mongoose, { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import type { z } from 'zod';
import type { User as UserSchema } from '../schemas/auth.schemas.js';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, trim: true, lowercase: true },
    name: { type: String, default: null },
    passwordHash: { type: String, select: false },
    // Set wherever passwordHash is set or removed, so that `providers` never needs the hash loaded.
    // Absent on users stored before it existed: withPasswordFlag fills it on first read.
    hasPassword: { type: Boolean },
    // Sparse: only accounts that signed in with Google hold a subject id (never store null here).
    googleId: { type: String, unique: true, sparse: true },
    emailVerified: { type: Boolean, required: true, default: false },
    // Bumped to invalidate every access token issued before (logout-all, password change).
    tokenVersion: { type: Number, required: true, default: 0 },
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

export type UserDocument = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };

export const UserModel = model('User', userSchema);

/** The public User object of the API contract: the type of the schema the OpenAPI document shows. */
export type User = z.output<typeof UserSchema>;

/**
 * A stored user with `hasPassword` known: a user stored before the flag existed gets it from one
 * existence query (the hash itself is never loaded) and has it saved, so this happens once per user.
 */
export async function withPasswordFlag<T extends Pick<UserDocument, '_id' | 'hasPassword'>>(doc: T): Promise<T & { hasPassword: boolean }> {
  if (typeof doc.hasPassword === 'boolean') return doc as T & { hasPassword: boolean };
  const hasPassword = (await UserModel.exists({ _id: doc._id, passwordHash: mongoose.trusted({ $exists: true }) })) !== null;
  await UserModel.updateOne({ _id: doc._id, hasPassword: mongoose.trusted({ $exists: false }) }, { $set: { hasPassword } });
  return { ...doc, hasPassword };
}

/** Maps a stored user (its `hasPassword` known: withPasswordFlag) to the contract's User. */
export function toUser(
  doc: Pick<UserDocument, '_id' | 'email' | 'name' | 'emailVerified' | 'googleId' | 'createdAt'> & { hasPassword: boolean },
): User {
  const providers: User['providers'] = [];
  if (doc.hasPassword) providers.push('password');
  if (doc.googleId) providers.push('google');
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    name: doc.name ?? null,
    email_verified: doc.emailVerified,
    providers,
    created_at: doc.createdAt.toISOString(),
  };
}
