import mongoose from 'mongoose';
import { AppError } from '../errors/app-error.js';
import { UserModel, findUserRecord, toUserRecord, type UserDocument, type UserRecord } from '../models/user.model.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { revokeEverything } from './session.service.js';

/** Who the provider says signed in, from its userinfo response. */
export interface GoogleIdentity {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | undefined;
}

const { trusted } = mongoose;

/** A returning user whose Google address changed: follow it, unless another account holds it (never merge two accounts). */
async function followEmailChange(user: UserRecord, email: string): Promise<UserRecord> {
  if (user.email === email || (await UserModel.exists({ email }))) return user;
  try {
    await UserModel.updateOne({ _id: user._id }, { $set: { email, emailVerified: true } });
    return { ...user, email, emailVerified: true };
  } catch (error) {
    if (isDuplicateKey(error)) return user;
    throw error;
  }
}

/** Links a Google subject to the account holding its (verified) email; false when someone else linked it first. */
async function linkGoogle(user: UserRecord, { subject, name }: GoogleIdentity): Promise<boolean> {
  // Linked by a concurrent first sign-in of this very subject, between our two reads.
  if (user.googleId === subject) return true;
  if (user.googleId) throw new AppError('OAUTH_DENIED', 'This email belongs to an account linked to another Google account.');
  const unverified = !user.emailVerified;
  const linked = await UserModel.updateOne(
    { _id: user._id, googleId: trusted({ $exists: false }) },
    // Whoever registered this address first never proved they own it: neither their password nor the
    // name they chose (which the owner would see as their own) stays.
    unverified
      ? { $set: { googleId: subject, emailVerified: true, name: name ?? null, hasPassword: false }, $unset: { passwordHash: 1 } }
      : { $set: { googleId: subject } },
  );
  if (linked.matchedCount === 0) return false;
  if (unverified) await revokeEverything(user._id);
  return true;
}

async function findOrCreate(identity: GoogleIdentity): Promise<UserRecord> {
  const known = await findUserRecord({ googleId: identity.subject });
  if (known) return followEmailChange(known, identity.email);
  const holder = await findUserRecord({ email: identity.email });
  if (holder) {
    if (!(await linkGoogle(holder, identity))) return findOrCreate(identity);
    return (await findUserRecord({ _id: holder._id })) ?? findOrCreate(identity);
  }
  const created = await UserModel.create({
    email: identity.email,
    name: identity.name ?? null,
    googleId: identity.subject,
    emailVerified: true,
    hasPassword: false,
  });
  return toUserRecord(created.toObject<UserDocument>());
}

/**
 * Finds the account of a Google identity by subject, else by verified email (linking it), else
 * creates one. Throws OAUTH_DENIED when the provider has not verified the email, or when the email's
 * account is already linked to another Google subject.
 */
export async function signInWithGoogle(identity: GoogleIdentity): Promise<UserRecord> {
  if (identity.emailVerified !== true) throw new AppError('OAUTH_DENIED', 'The provider has not verified this email address.');
  try {
    return await findOrCreate(identity);
  } catch (error) {
    // Two first sign-ins of one subject at once: the unique index let one insert win; read what it wrote.
    if (!isDuplicateKey(error)) throw error;
    return findOrCreate(identity);
  }
}
