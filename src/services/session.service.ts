// Sessions: one session is one refresh-token family (RefreshTokenModel, `family`). createSession starts
// one, rotateSession spends its refresh token for the next, revokeSession / revokeUserSessions end
// sessions, revokeEverything also voids pending sign-in codes and rejects every access token issued so
// far (tokenVersion).
import { randomUUID } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { signAccessToken } from '../auth/access-token.js';
import { generateToken, hashToken, spendToken } from '../auth/single-use-token.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { OAuthCodeModel } from '../models/oauth-code.model.js';
import { RefreshTokenModel, type RefreshTokenDocument } from '../models/refresh-token.model.js';
import { UserModel, toUser, type UserDocument, type UserRecord } from '../models/user.model.js';
import type { SignedIn as SignedInSchema, TokenResponse as TokenResponseSchema } from '../schemas/auth.schemas.js';

/** Where a session was started from, kept for a later "your sessions" view. */
export interface ClientInfo {
  readonly ip: string | undefined;
  readonly userAgent: string | undefined;
}

/** RFC 6749 §5.1 token response. */
export type TokenResponse = z.output<typeof TokenResponseSchema>;

/** The token response of a sign-in, with the user who signed in. */
export type SignedIn = z.output<typeof SignedInSchema>;

type SessionSettings = Pick<Config, 'jwt' | 'refreshTtlSeconds'>;
type TokenOwner = Pick<UserDocument, '_id' | 'tokenVersion'>;

const { trusted } = mongoose;

async function revokeFamily(family: string, now = new Date()): Promise<void> {
  await RefreshTokenModel.updateMany({ family, revokedAt: null }, { $set: { revokedAt: now } });
}

/** Issues an access token and a refresh token in `family` (a new session when omitted). */
async function issueTokens(
  user: TokenOwner,
  client: ClientInfo,
  settings: SessionSettings,
  family: string = randomUUID(),
): Promise<TokenResponse> {
  const access = signAccessToken({ userId: user._id.toHexString(), tokenVersion: user.tokenVersion }, settings.jwt);
  const { token: refreshToken, stored } = generateToken(settings.refreshTtlSeconds);
  await RefreshTokenModel.create({
    ...stored,
    user: user._id,
    family,
    accessTokenId: access.tokenId,
    createdByIp: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 256) ?? null,
  });
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, refresh_token: refreshToken };
}

/** Creates a session for a user who has just proved who they are: the token response plus the User. */
export async function createSession(user: UserRecord, client: ClientInfo, settings: SessionSettings): Promise<SignedIn> {
  return { ...(await issueTokens(user, client, settings)), user: toUser(user) };
}

/** Refuses a refresh: REFRESH_TOKEN_REUSED (and the family revoked) when `current` was spent, else INVALID_REFRESH_TOKEN. */
async function refuseRefresh(current: Pick<RefreshTokenDocument, 'spentAt' | 'family'> | null, now: Date): Promise<never> {
  if (current?.spentAt) {
    await revokeFamily(current.family, now);
    throw new AppError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every token of its session is now revoked.');
  }
  throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked.');
}

/**
 * Spends a refresh token and issues the next one of its family. The successor is stored before the
 * spend, and the spend is one conditional update (spendToken), so a request cut off at any point never
 * leaves a spent token without its successor (docs/security.md), and of two concurrent calls with one
 * token exactly one wins. Throws INVALID_REFRESH_TOKEN (unknown, expired, revoked) or
 * REFRESH_TOKEN_REUSED (spent before: the whole family is revoked).
 */
export async function rotateSession(token: string, client: ClientInfo, settings: SessionSettings): Promise<TokenResponse> {
  const now = new Date();
  const tokenHash = hashToken(token);
  const known = await RefreshTokenModel.findOne({ tokenHash }).lean();
  const live = known && !known.spentAt && !known.revokedAt && known.expiresAt > now;
  const user = live ? await UserModel.findById(known.user).lean() : null;
  if (!known || !user) return refuseRefresh(known, now);
  const next = await issueTokens(user, client, settings, known.family);
  if (!(await spendToken(RefreshTokenModel, token, { unspent: { revokedAt: null } }, now))) {
    // Lost a race: the successor nobody will receive must not outlive this request.
    await RefreshTokenModel.deleteOne({ tokenHash: hashToken(next.refresh_token) });
    return refuseRefresh(await RefreshTokenModel.findOne({ tokenHash }).lean(), now);
  }
  // A revocation (reuse detected, logout-all, a new password) that ran while we stored the successor
  // missed it: revoke it too, and hand out nothing, not even the access token.
  if (await RefreshTokenModel.exists({ family: known.family, revokedAt: trusted({ $ne: null }) })) {
    await revokeFamily(known.family);
    throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked.');
  }
  return next;
}

/** Revokes the session a refresh token belongs to; an unknown token is silently ignored. */
export async function revokeSession(token: string): Promise<void> {
  const known = await RefreshTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
  if (known) await revokeFamily(known.family);
}

/** Revokes every session of a user, except with `keep` the one the access token of that `jti` was issued with. */
export async function revokeUserSessions(userId: Types.ObjectId, { keep }: { keep?: string | undefined } = {}): Promise<void> {
  const kept = keep ? await RefreshTokenModel.findOne({ user: userId, accessTokenId: keep }).lean() : null;
  await RefreshTokenModel.updateMany(
    { user: userId, revokedAt: null, ...(kept && { family: trusted({ $ne: kept.family }) }) },
    { $set: { revokedAt: new Date() } },
  );
}

/**
 * Closes every way into an account (logout-all, password change, password reset, a Google takeover):
 * pending one-time sign-in codes are voided, every session but `keep`'s is revoked, then the account
 * gets `set` (a new password) and a new token version, which kills every access token issued before.
 * Sessions go before the version: a refresh racing this then either signed with the old version, or
 * finds its family revoked after storing the new token and answers 401.
 */
export async function revokeEverything(
  userId: Types.ObjectId,
  { keep, set }: { keep?: string | undefined; set?: Record<string, unknown> } = {},
): Promise<void> {
  await OAuthCodeModel.updateMany({ user: userId, spentAt: null }, { $set: { spentAt: new Date() } });
  await revokeUserSessions(userId, { keep });
  await UserModel.updateOne({ _id: userId }, { ...(set && { $set: set }), $inc: { tokenVersion: 1 } });
}
