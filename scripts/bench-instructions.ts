// `npm run bench:instructions`: what one GET /auth/me costs in CPU instructions, for each target of
// scripts/bench/me-targets.ts. Every server runs under valgrind's callgrind, which counts the
// instructions the process executes: the same count for the same work however loaded the machine is,
// where req/s here swings by a third from one round to the next. Counting starts after a warm-up (so
// the JIT has compiled the hot path: with 2,000 requests of warm-up the counts were still a quarter
// higher) and covers MEASURED requests sent one at a time on one keep-alive connection. Counts still
// move by a few percent from run to run (V8 compiles and collects garbage when it decides to).
// Needs valgrind (Debian's package); about 15 minutes for five targets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLoad } from './bench/load.js';
import { startMeBench } from './bench/me-targets.js';

const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 5_000);
const MEASURED = Number(process.env.BENCH_MEASURED ?? 2_000);
// Generous: under valgrind a request takes milliseconds, not microseconds.
const LOAD = { connections: 1, expect: 200, seconds: 600 };

const output = mkdtempSync(path.join(tmpdir(), 'callgrind-'));
const bench = await startMeBench(['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${output}/%p`]);
const counting = (pid: number, on: boolean) =>
  execFileSync('callgrind_control', ['--instr', on ? 'on' : 'off', String(pid)], { stdio: 'ignore' });

console.log(`${bench.targets.length} targets, ${WARM_UP} requests of warm-up, ${MEASURED} counted; ${bench.database.name}`);
for (const { name, server, request } of bench.targets) {
  await runLoad({ ...LOAD, origin: server.origin, name: `warm-up ${name}`, request, amount: WARM_UP });
  counting(server.pid, true);
  await runLoad({ ...LOAD, origin: server.origin, name, request, amount: MEASURED });
  counting(server.pid, false);
  console.log(`counted ${name}`);
}
const pids = new Map(bench.targets.map((each) => [String(each.server.pid), each.name]));
// Each server writes its counts when it exits: only what ran while counting was on.
await bench.close();

const perRequest = new Map(
  readdirSync(output).map((file) => {
    const totals = /^totals: (\d+)$/m.exec(readFileSync(path.join(output, file), 'utf8'))?.[1];
    return [pids.get(file) ?? file, Number(totals) / MEASURED];
  }),
);
const ceiling = perRequest.get(bench.targets[0]?.name ?? '') ?? Number.NaN;
console.log('\n| target | instructions per request | × ceiling |\n| --- | --- | --- |');
for (const { name } of bench.targets) {
  const count = perRequest.get(name) ?? Number.NaN;
  console.log(`| ${name} | ${(count / 1e6).toFixed(2)} M | ${(count / ceiling).toFixed(2)} |`);
}
