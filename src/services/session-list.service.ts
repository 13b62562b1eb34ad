import mongoose, { type Types } from 'mongoose';
import type { z } from 'zod';
import { liveSessions } from '../auth/live-sessions.js';
import { RefreshTokenModel } from '../models/refresh-token.model.js';
import type { Session as SessionSchema } from '../schemas/auth.schemas.js';

/** The Session object of the contract: one sign-in, where it was last used from. */
export type Session = z.output<typeof SessionSchema>;

const { trusted } = mongoose;

/** The live sessions of a user, newest first; `current` marks the session `currentSessionId`. */
export async function listSessions(userId: Types.ObjectId, currentSessionId: string): Promise<Session[]> {
  const started = await liveSessions(userId);
  const unspent = await RefreshTokenModel.find({
    user: userId,
    family: trusted({ $in: Object.keys(started) }),
    spentAt: null,
    revokedAt: null,
    expiresAt: trusted({ $gt: new Date() }),
  }).lean();
  // One unspent token per live session; the newest wins should two ever coexist.
  const latest = new Map(unspent.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((token) => [token.family, token]));
  return [...latest.values()]
    .map((token) => ({
      id: token.family,
      created_at: (started[token.family] as Date).toISOString(),
      last_used_at: token.createdAt.toISOString(),
      ip: token.createdByIp ?? null,
      user_agent: token.userAgent ?? null,
      current: token.family === currentSessionId,
    }))
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
}
