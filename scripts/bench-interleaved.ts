// `npm run bench:interleaved`: the fair referee for GET /auth/me. Single runs on a shared machine swing
// by a third, so every target runs at once and each is loaded in turn, for several short rounds, and
// the medians are compared: the ceiling (bare Express + one findById), the compiled server at the
// production default LOG_LEVEL=info, at warn, with /metrics on, and optionally another build
// (BENCH_BEFORE=<a checkout with dist/ built>): scripts/bench/me-targets.ts. docs/performance.md.
import { runLoad } from './bench/load.js';
import { ME_USERS, startMeBench, type MeTarget } from './bench/me-targets.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 4);
const LOAD = { connections: 16, expect: 200 };

interface Rounds extends MeTarget {
  readonly rps: number[];
  /** The server's CPU time per answer, in µs. */
  readonly cpuMicros: number[];
}
const bench = await startMeBench();
const targets: Rounds[] = bench.targets.map((each) => ({ ...each, rps: [], cpuMicros: [] }));

console.log(
  `${targets.length} targets, ${ROUNDS} rounds of ${ROUND_SECONDS} s each, ${LOAD.connections} connections, ${ME_USERS} users; ${bench.database.name}`,
);
for (const each of targets)
  await runLoad({ origin: each.server.origin, name: `warm-up ${each.name}`, request: each.request, ...LOAD, seconds: 2 });
for (let round = 1; round <= ROUNDS; round += 1) {
  // Turns rotate, so no target is always the first after another's load.
  const order = targets.map((_, i) => targets[(i + round) % targets.length] as Rounds);
  for (const each of order) {
    const cpuBefore = each.server.cpuSeconds();
    const result = await runLoad({ origin: each.server.origin, name: each.name, request: each.request, ...LOAD, seconds: ROUND_SECONDS });
    each.rps.push(result.rps);
    each.cpuMicros.push(((each.server.cpuSeconds() - cpuBefore) / result.requests) * 1e6);
  }
  console.log(
    `round ${round}: ${targets.map((each) => `${each.rps.at(-1)?.toFixed(0)} (${each.cpuMicros.at(-1)?.toFixed(0)} µs)`).join(' / ')}`,
  );
}
await bench.close();

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const [ceiling, info, warn, metrics, es256] = targets.map((each) => median(each.rps)) as [number, number, number, number, number];
const [, infoCpu, warnCpu, metricsCpu, es256Cpu] = targets.map((each) => median(each.cpuMicros)) as [
  number,
  number,
  number,
  number,
  number,
];
console.log('\n| target | median req/s | ÷ ceiling | server CPU µs per answer |\n| --- | --- | --- | --- |');
for (const each of targets)
  console.log(
    `| ${each.name} | ${median(each.rps).toFixed(0)} | ${(median(each.rps) / ceiling).toFixed(2)} | ${median(each.cpuMicros).toFixed(0)} |`,
  );
const percent = (cost: number) => `${(cost * 100).toFixed(1)}%`;
console.log(
  `\nthe request log costs ${percent(1 - info / warn)} of /auth/me in req/s and ${percent(infoCpu / warnCpu - 1)} in server CPU (info against warn);` +
    ` /metrics on costs ${percent(1 - metrics / info)} in req/s and ${percent(metricsCpu / infoCpu - 1)} in server CPU (target: each ≤ 5%)`,
);
console.log(
  `ES256 tokens (JWT_SIGNING_KEYS) cost ${percent(1 - es256 / info)} of /auth/me in req/s and ${percent(es256Cpu / infoCpu - 1)} in server CPU against HS256 (target: within 10%)`,
);
const met = info / ceiling >= 0.6;
console.log(`target: /auth/me at info ≥ 0.6 of the ceiling: ${(info / ceiling).toFixed(2)} ${met ? 'met' : 'MISSED'}`);
// A missed target fails the command, so a script or a reviewer cannot mistake it for a pass.
if (!met) process.exitCode = 1;
