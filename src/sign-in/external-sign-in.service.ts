import mongoose from 'mongoose';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { AppError } from '../errors/app-error.js';
import { UserModel, findUserRecord, toUserRecord, type UserDocument, type UserRecord } from '../models/user.model.js';
import { claimAccount } from './account-claim.service.js';
import { OpenIdClaims } from './sign-in.schemas.js';
import { PROVIDERS, type Provider } from './providers.js';

/** Who a provider says signed in: its mapping of its own userinfo response. */
export interface ExternalIdentity {
  readonly provider: Provider;
  readonly subject: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string | undefined;
}

const { trusted } = mongoose;

/** Narrows OpenID Connect claims (untrusted: userinfo or a verified ID token) to an identity; undefined without a subject or an email. */
export function identityFromClaims(provider: Provider, claims: unknown): ExternalIdentity | undefined {
  const parsed = OpenIdClaims.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, email, email_verified: verified, name } = parsed.data;
  return { provider, subject: sub, email, emailVerified: verified === true, name };
}

/** A returning user whose provider address changed: follow it, unless another account holds it (never merge two accounts). */
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

/**
 * Links the identity to the account holding its (verified) email: a holder who verified the address
 * keeps everything; one who never did loses the account to the identity (claimAccount). False when
 * someone else linked it first.
 */
async function linkIdentity(user: UserRecord, { provider, subject, name }: ExternalIdentity): Promise<boolean> {
  const { field, label } = PROVIDERS[provider];
  // Linked by a concurrent first sign-in of this very subject, between our two reads.
  if (user[field] === subject) return true;
  if (user[field]) throw new AppError('OAUTH_DENIED', `This email belongs to an account linked to another ${label} account.`);
  const link = { field, subject };
  if (!user.emailVerified) return claimAccount(user._id, { link, name: name ?? null });
  const linked = await UserModel.updateOne({ _id: user._id, [field]: trusted({ $exists: false }) }, { $set: { [field]: subject } });
  return linked.matchedCount === 1;
}

async function findOrCreate(identity: ExternalIdentity): Promise<UserRecord> {
  const { field } = PROVIDERS[identity.provider];
  const known = await findUserRecord({ [field]: identity.subject });
  if (known) return followEmailChange(known, identity.email);
  const holder = await findUserRecord({ email: identity.email });
  if (holder) {
    if (!(await linkIdentity(holder, identity))) return findOrCreate(identity);
    return (await findUserRecord({ _id: holder._id })) ?? findOrCreate(identity);
  }
  const created = await UserModel.create({
    email: identity.email,
    name: identity.name ?? null,
    [field]: identity.subject,
    emailVerified: true,
    hasPassword: false,
  });
  return toUserRecord(created.toObject<UserDocument>());
}

/**
 * Finds the account of a provider's identity by subject, else by verified email (linking or claiming
 * it), else creates one: every provider signs in through here. Throws EMAIL_NOT_VERIFIED when the
 * provider has not verified the email (nothing is made, claimed or linked), OAUTH_DENIED when the
 * email's account is already linked to another subject of this provider.
 */
export async function signInWithExternalIdentity(identity: ExternalIdentity): Promise<UserRecord> {
  if (identity.emailVerified !== true) throw new AppError('EMAIL_NOT_VERIFIED', 'The provider has not verified this email address.');
  try {
    return await findOrCreate(identity);
  } catch (error) {
    // Two first sign-ins of one subject at once: the unique index let one insert win; read what it wrote.
    if (!isDuplicateKey(error)) throw error;
    return findOrCreate(identity);
  }
}
