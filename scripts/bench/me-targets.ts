// The servers both GET /auth/me referees compare (scripts/bench-interleaved.ts, scripts/bench-instructions.ts),
// on one seeded database: the ceiling (bare Express + one findById), the compiled server at the
// production default LOG_LEVEL=info, at warn, with /metrics on, with ES256 signing keys, and optionally another build
// (BENCH_BEFORE=<a checkout with dist/ built>). Log lines go to /dev/null.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Request } from 'autocannon';
import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import { loadConfig } from '../../src/config/config.js';
import { deployedKeys, newSigningKey } from '../../tests/helpers/signing-keys.js';
import { connectMongoose } from '../../src/db/database.js';
import { startCeilingServer, startCompiledServer, type CompiledServer } from './compiled-server.js';
import { benchDatabase, type BenchDatabase } from './database.js';
import { ceilingRequest, meRequest } from './requests.js';
import { BENCH_PASSWORD, emptySeed, seedUpTo } from './seed.js';

export const ME_USERS = 1_000;

export interface MeTarget {
  readonly name: string;
  readonly server: CompiledServer;
  readonly request: Request;
}

export interface MeBench {
  readonly database: BenchDatabase;
  readonly targets: readonly MeTarget[];
  /** Stops every server, then the database. */
  close(): Promise<void>;
}

/** Seeds ME_USERS users and starts every target, each under `wrapper` when one is given. */
export async function startMeBench(wrapper: readonly string[] = []): Promise<MeBench> {
  const database = await benchDatabase();
  await connectMongoose(database.uri, { timeoutMs: 600_000 });
  const seed = await emptySeed();
  await seedUpTo(seed, ME_USERS, bcrypt.hashSync(BENCH_PASSWORD, 4));

  const env = {
    NODE_ENV: 'production',
    MONGODB_URI: database.uri,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'info',
  };
  const me = meRequest(seed, loadConfig(env).jwt);
  const es256 = { ...env, ...deployedKeys(newSigningKey('bench')) };
  const compiled = (settings: Record<string, string>, entry?: string) =>
    startCompiledServer(settings, { dropLogs: true, wrapper, ...(entry && { entry }) });
  const before = process.env.BENCH_BEFORE;
  const starting: [string, Promise<CompiledServer>, Request][] = [
    ['ceiling: bare Express + findById', startCeilingServer(database.uri, { wrapper }), ceilingRequest(seed)],
    ['GET /auth/me, LOG_LEVEL=info (default)', compiled(env), me],
    ['GET /auth/me, LOG_LEVEL=warn', compiled({ ...env, LOG_LEVEL: 'warn' }), me],
    ['GET /auth/me, info + METRICS_TOKEN', compiled({ ...env, METRICS_TOKEN: randomBytes(32).toString('base64url') }), me],
    ['GET /auth/me, info + JWT_SIGNING_KEYS (ES256)', compiled(es256), meRequest(seed, loadConfig(es256).jwt)],
    ...(before
      ? [
          [`before (${before}), info`, compiled(env, path.resolve(before, 'dist/server.js')), me] as [
            string,
            Promise<CompiledServer>,
            Request,
          ],
        ]
      : []),
  ];
  const targets = await Promise.all(starting.map(async ([name, server, request]) => ({ name, server: await server, request })));
  return {
    database,
    targets,
    close: async () => {
      await Promise.all(targets.map((each) => each.server.stop()));
      await mongoose.disconnect();
      await database.close();
    },
  };
}
