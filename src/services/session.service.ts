// Sessions: one session is one refresh-token family (RefreshTokenModel, `family`, which is also the
// `sid` of its access tokens and a key of the user's live sessions, src/auth/live-sessions.ts).
// createSession starts one, rotateSession spends its refresh token for the next, renewSession gives it a
// fresh auth_time, endSession / revokeSession end sessions, revokeEverything also voids pending sign-in codes
// and rejects every access token issued so far (tokenVersion); session-list.service.ts shows the live ones.
import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { signAccessToken } from '../auth/access-token.js';
import {
  addLiveSession,
  isSessionId,
  liveSessionFilter,
  newSessionId,
  removeLiveSession,
  removeLiveSessions,
} from '../auth/live-sessions.js';
import { generateToken, hashToken, spendToken, voidUnspent } from '../auth/single-use-token.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { runUserHooks } from '../feature.js';
import { authEvents } from '../lib/auth-events.js';
import { RefreshTokenModel, type RefreshTokenDocument } from '../models/refresh-token.model.js';
import { UserModel, type UserDocument, type UserRecord } from '../models/user.model.js';
import { OAuthCodeModel } from '../sign-in/sign-in-code.model.js';
import { toUser } from './user-view.js';
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

async function revokeRefreshTokens(userId: Types.ObjectId, families: readonly string[]): Promise<void> {
  if (families.length === 0) return;
  await RefreshTokenModel.updateMany(
    { user: userId, family: trusted({ $in: families }), revokedAt: null },
    { $set: { revokedAt: new Date() } },
  );
}

/**
 * Ends one session of a user: first its access tokens (off the user's live sessions, at once on every
 * instance), then its refresh tokens. False when the user has no such live session.
 */
export async function endSession(userId: Types.ObjectId, sessionId: string): Promise<boolean> {
  const ended = await removeLiveSession(userId, sessionId);
  await revokeRefreshTokens(userId, [sessionId]);
  if (ended) authEvents.report('session_revoked');
  return ended;
}

/** Issues an access token and a refresh token in session `sessionId`, both carrying the session's `authTime`. */
async function issueTokens(
  user: TokenOwner,
  client: ClientInfo,
  config: SessionSettings,
  { sessionId, authTime }: { sessionId: string; authTime: Date },
): Promise<TokenResponse & { refresh_token: string }> {
  const [userId, authSeconds] = [user._id.toHexString(), Math.floor(authTime.getTime() / 1000)];
  const access = signAccessToken({ userId, tokenVersion: user.tokenVersion, sessionId, authTime: authSeconds }, config.jwt);
  const { token: refreshToken, stored } = generateToken(config.refreshTtlSeconds);
  await RefreshTokenModel.create({
    ...stored,
    user: user._id,
    family: sessionId,
    authTime,
    createdByIp: client.ip ?? null,
    userAgent: client.userAgent?.slice(0, 256) ?? null,
  });
  return { access_token: access.token, token_type: 'Bearer', expires_in: access.expiresIn, refresh_token: refreshToken };
}

/** Refuses a disabled account: every sign-in method calls this once the person has proved who they are. Throws ACCOUNT_DISABLED. */
export function assertEnabled(user: Pick<UserRecord, 'disabled'>): void {
  if (user.disabled === true) throw new AppError('ACCOUNT_DISABLED', 'This account is disabled.');
}

/**
 * Creates a session (which may push out the oldest) for a user who has just proved who they are: the
 * token response plus the User. Throws ACCOUNT_DISABLED, or INVALID_CREDENTIALS when the account was
 * revoked everywhere after `user` was read (a new password, logout-all, disabling): revokeEverything
 * bumps the token version before it ends sessions, so either it ends this one or this check sees it.
 */
export async function createSession(user: UserRecord, client: ClientInfo, config: SessionSettings): Promise<SignedIn> {
  assertEnabled(user);
  const sessionId = newSessionId();
  await revokeRefreshTokens(user._id, await addLiveSession(user._id, sessionId));
  const tokens = await issueTokens(user, client, config, { sessionId, authTime: new Date() });
  const unchanged = { _id: user._id, tokenVersion: user.tokenVersion };
  if ((await UserModel.updateOne(unchanged, { $set: { lastLoginAt: new Date() } })).matchedCount === 0) {
    await endSession(user._id, sessionId);
    throw new AppError('INVALID_CREDENTIALS', 'The account was signed out everywhere while this sign-in ran; sign in again.');
  }
  authEvents.report('login_succeeded');
  return { ...tokens, user: toUser(user) };
}

/** Refuses a refresh: REFRESH_TOKEN_REUSED (and the family revoked) when `current` was spent, else INVALID_REFRESH_TOKEN. */
async function refuseRefresh(current: Pick<RefreshTokenDocument, 'spentAt' | 'family' | 'user'> | null): Promise<never> {
  if (current?.spentAt) {
    authEvents.report('refresh_reused');
    await endSession(current.user, current.family);
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
export async function rotateSession(token: string, client: ClientInfo, config: SessionSettings): Promise<TokenResponse> {
  const now = new Date();
  const tokenHash = hashToken(token);
  const known = await RefreshTokenModel.findOne({ tokenHash }).lean();
  const live = known && !known.spentAt && !known.revokedAt && known.expiresAt > now;
  // An ended session gives no new tokens (its refresh tokens are revoked just after it leaves the live ones).
  const user =
    live && isSessionId(known.family) ? await UserModel.findOne({ _id: known.user, ...liveSessionFilter(known.family) }).lean() : null;
  if (!known || !user || user.disabled === true) return refuseRefresh(known);
  const next = await issueTokens(user, client, config, { sessionId: known.family, authTime: known.authTime });
  if (!(await spendToken(RefreshTokenModel, token, { unspent: { revokedAt: null } }, now))) {
    // Lost a race: the successor nobody will receive must not outlive this request.
    await RefreshTokenModel.deleteOne({ tokenHash: hashToken(next.refresh_token) });
    return refuseRefresh(await RefreshTokenModel.findOne({ tokenHash }).lean());
  }
  // A revocation (reuse detected, logout-all, a new password) that ran while we stored the successor
  // missed it: revoke it too, and hand out nothing, not even the access token.
  if (await RefreshTokenModel.exists({ family: known.family, revokedAt: trusted({ $ne: null }) })) {
    await endSession(known.user, known.family);
    throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is unknown, expired or revoked.');
  }
  return next;
}

/**
 * Gives the caller's session a fresh `auth_time` once its person proved who they are again: new tokens
 * in the same session (`sid`), and its earlier refresh tokens spent as a rotation would (spent, not
 * revoked: a later use of one is reuse, which ends the session).
 */
export async function renewSession(caller: Principal, client: ClientInfo, config: SessionSettings): Promise<TokenResponse> {
  const { user, sessionId } = caller;
  const next = await issueTokens(user, client, config, { sessionId, authTime: new Date() });
  await RefreshTokenModel.updateMany(
    { user: user._id, family: sessionId, spentAt: null, tokenHash: trusted({ $ne: hashToken(next.refresh_token) }) },
    { $set: { spentAt: new Date() } },
  );
  return next;
}

/** Ends the session a refresh token belongs to; an unknown token is silently ignored. */
export async function revokeSession(token: string): Promise<void> {
  const known = await RefreshTokenModel.findOne({ tokenHash: hashToken(token) }).lean();
  if (known) await endSession(known.user, known.family);
}

/** Ends every session of a user, except with `keep` that session (the caller's `sid`). */
async function revokeUserSessions(userId: Types.ObjectId, { keep }: { keep?: string | undefined } = {}): Promise<void> {
  await removeLiveSessions(userId, keep);
  await RefreshTokenModel.updateMany(
    { user: userId, revokedAt: null, ...(keep && { family: trusted({ $ne: keep }) }) },
    { $set: { revokedAt: new Date() } },
  );
  // "Everywhere" is one revocation, however many sessions it ended.
  authEvents.report('session_revoked');
}

/**
 * Closes every way into an account (logout-all, password change or reset, an email change, disabling or
 * demoting, a provider's claim): pending sign-in codes, MFA steps and mailed links are voided (an owner
 * securing the account must not leave a link that undoes it in someone else's mailbox), the account gets
 * `set` (a new password) and a new token version, which kills every access token issued before, then every
 * session but `keep` (a session id) is ended. The version goes first: a sign-in that read the account before
 * it sees the change when it stores its session (createSession), or stored it before the sessions end; a
 * refresh racing this finds its session gone from the live ones, or its family revoked, and answers 401.
 */
export async function revokeEverything(
  userId: Types.ObjectId,
  { keep, set }: { keep?: string | undefined; set?: Record<string, unknown> } = {},
): Promise<void> {
  await Promise.all([runUserHooks('voidPending', userId), voidUnspent(OAuthCodeModel, userId)]);
  await UserModel.updateOne({ _id: userId }, { ...(set && { $set: set }), $inc: { tokenVersion: 1 } });
  await revokeUserSessions(userId, { keep });
}
