import { Schema, Types, model, type InferSchemaType, type QueryFilter } from 'mongoose';
import { ROLES } from './roles.js';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, trim: true, lowercase: true },
    name: { type: String, default: null },
    passwordHash: { type: String, select: false },
    // Set wherever passwordHash is set or removed, so that `providers` never needs the hash loaded.
    hasPassword: { type: Boolean, required: true, default: false },
    // The subject of each sign-in provider linked (src/sign-in/providers.ts). Sparse: only accounts that
    // signed in with the provider hold one (never store null here). `oidcId` is the subject at OIDC_ISSUER.
    googleId: { type: String, unique: true, sparse: true },
    oidcId: { type: String, unique: true, sparse: true },
    githubId: { type: String, unique: true, sparse: true },
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

/** A stored user as the services handle it: never the password hash, only whether there is one. */
export type UserRecord = Omit<UserDocument, 'passwordHash' | 'hasPassword'> & { readonly hasPassword: boolean };

/** Drops the password hash of a stored user read with `+passwordHash`, keeping whether it had one. */
export function toUserRecord({ passwordHash, ...user }: UserDocument): UserRecord {
  return { ...user, hasPassword: Boolean(passwordHash) };
}

// What a lean read leaves out (select: false), taken from the schema: a secret field added later stays out too.
const UNSELECTED = Object.fromEntries(
  Object.entries(userSchema.paths).flatMap(([name, path]) => ((path.options as { select?: unknown }).select === false ? [[name, 0]] : [])),
);

/**
 * The read of every authenticated request (the JWT check): the same record as findUserRecord, from the
 * driver directly. The strategy has already checked the id's and the filter's shape, so Mongoose's
 * query casting and sanitising, the hot path's largest cost after the driver itself, buy nothing here.
 */
export async function findUserForToken(id: string, filter: Record<string, unknown>): Promise<UserRecord | null> {
  // `_id` first: mongod's planner does not mind the order, but the offline test engine reads the
  // filter in order and takes twice as long when the indexed field comes second.
  return UserModel.collection.findOne<UserRecord>({ _id: new Types.ObjectId(id), ...filter }, { projection: UNSELECTED });
}

/** The one user lookup that builds a User, without the hash (services that compare a password read it themselves). */
export async function findUserRecord(filter: QueryFilter<UserDocument>): Promise<UserRecord | null> {
  return UserModel.findOne(filter).lean<UserRecord>();
}
