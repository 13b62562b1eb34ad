/**
 * Which sessions of a user are live, kept on the user document: `sessions: { <session id>: <started at> }`.
 *
 * A session is one sign-in: one refresh-token family (its id is the family) and every access token
 * issued with it (claim `sid`). The JWT check already loads the user by `_id` on every request; it
 * matches `sessions.<sid>` in that same query, so ending a session (removing its key) makes its access
 * tokens fail at once, on every instance, with no extra round trip and no index on the hot path.
 *
 * Writes are single-key `$set`/`$unset` or a `$set` of the whole map conditional on what it keeps:
 * each is atomic on MongoDB and on the offline engine (which has no `$pull` or `$push`), so a sign-in
 * and a revocation running at once never undo each other. The map is bounded: a sign-in beyond
 * MAX_SESSIONS ends the oldest sessions.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import { UserModel } from '../models/user.model.js';

/** The most live sessions one user can hold; the next sign-in ends the oldest. */
export const MAX_SESSIONS = 20;

const { trusted } = mongoose;
// A session id becomes part of a field path: only this exact shape may ever reach a query.
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type StartedAt = Readonly<Record<string, Date>>;

/** A new session id (random, not secret: it names a session, it grants nothing). */
export function newSessionId(): string {
  return randomUUID();
}

/** Whether untrusted input has the shape of a session id. */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}

/** The part of a user filter that matches only while `sessionId` is live. Throws TypeError for anything but a session id. */
export function liveSessionFilter(sessionId: string): Record<string, unknown> {
  if (!isSessionId(sessionId)) throw new TypeError('not a session id');
  return { [`sessions.${sessionId}`]: trusted({ $exists: true }) };
}

/** When each live session of a user started (empty for an unknown user). */
export async function liveSessions(userId: Types.ObjectId): Promise<StartedAt> {
  const user = await UserModel.findById(userId).select('+sessions').lean<{ sessions?: StartedAt }>();
  return user?.sessions ?? {};
}

/** Adds a live session; returns the ids of the oldest sessions it pushed out of the bound, which the caller ends. */
export async function addLiveSession(userId: Types.ObjectId, sessionId: string, now = new Date()): Promise<string[]> {
  const started = Object.entries(await liveSessions(userId)).sort(([, a], [, b]) => a.getTime() - b.getTime());
  const evicted = started.slice(0, Math.max(0, started.length - MAX_SESSIONS + 1)).map(([id]) => id);
  await UserModel.updateOne(
    { _id: userId },
    {
      $set: { [`sessions.${sessionId}`]: now },
      ...(evicted.length > 0 && { $unset: Object.fromEntries(evicted.map((id) => [`sessions.${id}`, 1])) }),
    },
  );
  return evicted;
}

/** Ends one live session of a user; false when that user has no such live session. */
export async function removeLiveSession(userId: Types.ObjectId, sessionId: string): Promise<boolean> {
  if (!isSessionId(sessionId)) return false;
  const { matchedCount } = await UserModel.updateOne(
    { _id: userId, ...liveSessionFilter(sessionId) },
    { $unset: { [`sessions.${sessionId}`]: 1 } },
  );
  return matchedCount === 1;
}

/**
 * Ends every live session of a user but `keep`. Keeping is conditional on `keep` being live at the
 * moment of the write, so a session ended concurrently is never brought back.
 */
export async function removeLiveSessions(userId: Types.ObjectId, keep?: string): Promise<void> {
  const startedAt = keep === undefined ? undefined : (await liveSessions(userId))[keep];
  if (keep !== undefined && startedAt !== undefined) {
    const kept = await UserModel.updateOne({ _id: userId, ...liveSessionFilter(keep) }, { $set: { sessions: { [keep]: startedAt } } });
    if (kept.matchedCount === 1) return;
  }
  await UserModel.updateOne({ _id: userId }, { $set: { sessions: {} } });
}
