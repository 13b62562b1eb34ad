import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import { signAccessToken } from '../../src/auth/access-token.js';
import { hashToken } from '../../src/auth/single-use-token.js';
import type { Config } from '../../src/config/config.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { UserModel } from '../../src/models/user.model.js';

export const BENCH_PASSWORD = 'a long bench passphrase';
const BATCH = 10_000;
const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** Users and sessions stored directly through the models: user i has one session, whose refresh token the bench can rebuild. */
export interface Seed {
  readonly userIds: Types.ObjectId[];
  /** The id of user i's seeded session (the `sid` of the access tokens the bench signs). */
  readonly sessionIds: string[];
  /** Users whose seeded refresh token was handed out already: each one can be spent once. */
  readonly spent: Set<number>;
  /** The refresh token of user i's seeded session (derived from a random key of this run). */
  refreshToken(index: number): string;
  email(index: number): string;
}

/** Empties the bench's collections and returns an empty seed. */
export async function emptySeed(): Promise<Seed> {
  await Promise.all([UserModel.deleteMany({}), RefreshTokenModel.deleteMany({})]);
  const runKey = randomBytes(16).toString('hex');
  return {
    userIds: [],
    sessionIds: [],
    spent: new Set(),
    refreshToken: (index) => createHash('sha256').update(`${runKey}:${index}`).digest('base64url'),
    email: (index) => `bench-${index}@example.com`,
  };
}

/** Stores users (all with `passwordHash`, computed once) and one session each until `total` of each exist. */
export async function seedUpTo(seed: Seed, total: number, passwordHash: string): Promise<void> {
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  while (seed.userIds.length < total) {
    const first = seed.userIds.length;
    const ids = Array.from({ length: Math.min(BATCH, total - first) }, () => new mongoose.Types.ObjectId());
    const sessionIds = ids.map(() => randomUUID());
    await UserModel.insertMany(
      ids.map((_id, i) => ({
        _id,
        email: seed.email(first + i),
        passwordHash,
        hasPassword: true,
        sessions: { [sessionIds[i] as string]: new Date() },
      })),
    );
    await RefreshTokenModel.insertMany(
      ids.map((user, i) => ({
        tokenHash: hashToken(seed.refreshToken(first + i)),
        user,
        family: sessionIds[i],
        expiresAt,
        authTime: new Date(),
      })),
    );
    seed.userIds.push(...ids);
    seed.sessionIds.push(...sessionIds);
  }
}

/** `count` indexes drawn across every stored user, so lookups do not stay in one corner of an index. */
export function spread(seed: Seed, count: number): number[] {
  return Array.from({ length: count }, () => randomInt(seed.userIds.length));
}

/** Unspent seeded refresh tokens of `count` users drawn across the whole seed; each is handed out once. */
export function refreshTokens(seed: Seed, count: number): string[] {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const [index] = spread(seed, 1) as [number];
    if (seed.spent.has(index)) continue;
    seed.spent.add(index);
    tokens.push(seed.refreshToken(index));
  }
  return tokens;
}

/** Access tokens, signed with the server's settings, for `count` users drawn across the whole seed. */
export function accessTokens(seed: Seed, count: number, jwt: Config['jwt']): string[] {
  return spread(seed, count).map(
    (i) =>
      signAccessToken(
        {
          userId: (seed.userIds[i] as Types.ObjectId).toHexString(),
          tokenVersion: 0,
          sessionId: seed.sessionIds[i] as string,
          authTime: Math.floor(Date.now() / 1000),
        },
        jwt,
      ).token,
  );
}
