// Sessions: one session is one refresh-token family (RefreshTokenModel, `family`). createSession starts
// one, rotateSession spends its refresh token for the next, revokeSession / revokeUserSessions end
// sessions, revokeEverything also rejects every access token issued so far (tokenVersion).
import { randomUUID } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { signAccessToken } from '../auth/access-token.js';
import { generateToken, hashToken, spendToken } from '../auth/single-use-token.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { RefreshTokenModel } from '../models/refresh-token.model.js';
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

/**
 * Spends a refresh token and issues the next one of its family. The spend is one conditional update
 * (claimOne), so of two concurrent calls with one token exactly one wins. Throws
 * INVALID_REFRESH_TOKEN (unknown, expired, revoked) or REFRESH_TOKEN_REUSED (spent before: the whole
 * family is revoked).
 */
export async function rotateSession(token: string, client: ClientInfo, settings: SessionSettings): Promise<TokenResponse> {
  const now = new Date();
  const spent = await spendToken(RefreshTokenModel, token, { unspent: { revokedAt: null } }, now);
  if (!spent) {
    const known = await RefreshTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
    if (known?.spentAt) {
      await revokeFamily(known.family, now);
      throw new AppError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; every token of its session is now revoked.');
    }
    throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked.');
  }
  const user = await UserModel.findById(spent.user).lean();
  if (!user) throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked.');
  const next = await issueTokens(user, client, settings, spent.family);
  // A reuse detected between our spend and our insert revoked the family without the new token: catch up.
  if (await RefreshTokenModel.exists({ family: spent.family, revokedAt: trusted({ $ne: null }) })) {
    await revokeFamily(spent.family);
  }
  return next;
}

/** Revokes the session a refresh token belongs to; an unknown token is silently ignored. */
export async function revokeSession(token: string): Promise<void> {
  const known = await RefreshTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
  if (known) await revokeFamily(known.family);
}

/** Revokes every session of a user, except with `keep` the one the access token of that `jti` was issued with. */
export async function revokeUserSessions(userId: Types.ObjectId, { keep }: { keep?: string } = {}): Promise<void> {
  const kept = keep ? await RefreshTokenModel.findOne({ user: userId, accessTokenId: keep }).lean() : null;
  await RefreshTokenModel.updateMany(
    { user: userId, revokedAt: null, ...(kept && { family: trusted({ $ne: kept.family }) }) },
    { $set: { revokedAt: new Date() } },
  );
}

/** Logs a user out everywhere: every session is revoked and every access token issued before now is rejected. */
export async function revokeEverything(userId: Types.ObjectId): Promise<void> {
  await UserModel.updateOne({ _id: userId }, { $inc: { tokenVersion: 1 } });
  await revokeUserSessions(userId);
}
