// `npm run bench:interleaved`: the fair referee for GET /auth/me. Single runs on a shared machine swing
// by a third, so every target runs at once and each is loaded in turn, for several short rounds, and
// the medians are compared: the ceiling (bare Express + one findById), the compiled server at the
// production default LOG_LEVEL=info, at warn, with /metrics on, and optionally another build
// (BENCH_BEFORE=<a checkout with dist/ built>). Log lines go to /dev/null. docs/performance.md.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import mongoose from 'mongoose';
import { loadConfig } from '../src/config/config.js';
import { connectMongoose } from '../src/db/database.js';
import { startCeilingServer, startCompiledServer, type CompiledServer } from './bench/compiled-server.js';
import { benchDatabase } from './bench/database.js';
import { runLoad } from './bench/load.js';
import { ceilingRequest, meRequest } from './bench/requests.js';
import { BENCH_PASSWORD, emptySeed, seedUpTo } from './bench/seed.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const USERS = 1_000;
const LOAD = { connections: 16, expect: 200 };

const database = await benchDatabase();
await connectMongoose(database.uri, { timeoutMs: 600_000 });
const seed = await emptySeed();
await seedUpTo(seed, USERS, bcrypt.hashSync(BENCH_PASSWORD, 4));

const env = {
  NODE_ENV: 'production',
  MONGODB_URI: database.uri,
  JWT_SECRET: randomBytes(48).toString('base64url'),
  LOG_LEVEL: 'info',
};
const { jwt } = loadConfig(env);
const me = meRequest(seed, jwt);

interface Target {
  readonly name: string;
  readonly server: CompiledServer;
  readonly request: typeof me;
  readonly rps: number[];
}
const compiled = (settings: Record<string, string>, entry?: string) =>
  startCompiledServer(settings, { dropLogs: true, ...(entry && { entry }) });
const target = async (name: string, server: Promise<CompiledServer>, request = me): Promise<Target> => ({
  name,
  server: await server,
  request,
  rps: [],
});
const before = process.env.BENCH_BEFORE;
const targets = [
  await target('ceiling: bare Express + findById', startCeilingServer(database.uri), ceilingRequest(seed)),
  await target('GET /auth/me, LOG_LEVEL=info (default)', compiled(env)),
  await target('GET /auth/me, LOG_LEVEL=warn', compiled({ ...env, LOG_LEVEL: 'warn' })),
  await target('GET /auth/me, info + METRICS_TOKEN', compiled({ ...env, METRICS_TOKEN: randomBytes(32).toString('base64url') })),
  ...(before ? [await target(`before (${before}), info`, compiled(env, path.resolve(before, 'dist/server.js')))] : []),
];

console.log(
  `${targets.length} targets, ${ROUNDS} rounds of ${ROUND_SECONDS} s each, ${LOAD.connections} connections, ${USERS} users; ${database.name}`,
);
for (const each of targets)
  await runLoad({ origin: each.server.origin, name: `warm-up ${each.name}`, request: each.request, ...LOAD, seconds: 2 });
for (let round = 1; round <= ROUNDS; round += 1) {
  // Turns rotate, so no target is always the first after another's load.
  const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
  for (const each of order) {
    const result = await runLoad({ origin: each.server.origin, name: each.name, request: each.request, ...LOAD, seconds: ROUND_SECONDS });
    each.rps.push(result.rps);
  }
  console.log(`round ${round}: ${targets.map((each) => `${each.rps.at(-1)?.toFixed(0)}`).join(' / ')}`);
}
await Promise.all(targets.map((each) => each.server.stop()));
await mongoose.disconnect();
await database.close();

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const [ceiling, info, warn, metrics] = targets.map((each) => median(each.rps)) as [number, number, number, number];
console.log('\n| target | median req/s | ÷ ceiling |\n| --- | --- | --- |');
for (const each of targets) console.log(`| ${each.name} | ${median(each.rps).toFixed(0)} | ${(median(each.rps) / ceiling).toFixed(2)} |`);
const percent = (cost: number) => `${(cost * 100).toFixed(1)}%`;
console.log(
  `\nthe request log costs ${percent(1 - info / warn)} of /auth/me (info against warn); /metrics on costs ${percent(1 - metrics / info)}`,
);
console.log(`target: /auth/me at info ≥ 0.6 of the ceiling: ${(info / ceiling).toFixed(2)} ${info / ceiling >= 0.6 ? 'met' : 'MISSED'}`);
