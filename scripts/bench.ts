// Throughput, latency and memory of the hot paths, against a real server on 127.0.0.1 and a real
// database (MONGODB_URI, else the embedded one). Every run is bounded by a request count. Exits 1
// when a target below is missed: `npm run bench`.
import { once } from 'node:events';
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { connectDatabase } from '../src/db/database.js';
import { createLogger } from '../src/logging/logger.js';

interface Target {
  readonly minRps: number;
  readonly maxP99Ms: number;
}

// Measured on the 2-core CI machine with the offline engine, with headroom. Login is bound by bcrypt
// (pure JS, on the event loop: that cost is the point); the offline engine's writes slow down as a
// collection grows, which bounds refresh there (a real mongod does far better).
const TARGETS: Record<string, Target> = {
  'GET /health': { minRps: 1500, maxP99Ms: 60 },
  'GET /auth/me': { minRps: 400, maxP99Ms: 150 },
  'POST /auth/refresh': { minRps: 50, maxP99Ms: 1500 },
  'POST /auth/login (bcrypt cost 12)': { minRps: 2, maxP99Ms: 3000 },
};
const MAX_RSS_MB = 400;

const config = loadConfig({ ...process.env, NODE_ENV: 'test', RATE_LIMIT_AUTH_MAX: '100000', LOGIN_FAILURE_MAX: '100000' });
const logger = createLogger({ env: 'test', logLevel: 'warn' });
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let origin = '';

function call(
  method: string,
  path: string,
  body?: object,
  token?: string,
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  const payload = body && JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, {
      method,
      agent,
      headers: { ...(payload && { 'Content-Type': 'application/json' }), ...(token && { Authorization: `Bearer ${token}` }) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Runs `total` calls of `one(worker)` from `concurrency` workers; each call must answer `expected`. */
async function measure(
  name: string,
  total: number,
  concurrency: number,
  expected: number,
  one: (worker: number) => ReturnType<typeof call>,
) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) {
        next += 1;
        const t0 = performance.now();
        const res = await one(worker);
        latencies.push(performance.now() - t0);
        if (res.status !== expected) throw new Error(`${name}: expected ${expected}, got ${res.status} ${res.body}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { name, requests: total, rps: total / seconds, p50: pick(0.5), p99: pick(0.99) };
}

async function signUp(i: number): Promise<{ access_token: string; refresh_token: string }> {
  const res = await call('POST', '/auth/register', { email: `bench-${Date.now()}-${i}@example.com`, password: 'a long bench passphrase' });
  return JSON.parse(res.body) as { access_token: string; refresh_token: string };
}

async function main(): Promise<void> {
  const database = await connectDatabase(config, logger);
  console.log(`database: ${database.server}`);
  const server = createServer(createApp({ config, logger })).listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const sessions = await Promise.all(Array.from({ length: 32 }, (_, i) => signUp(i)));
  const results = [
    await measure('GET /health', 10_000, 32, 200, () => call('GET', '/health')),
    await measure('GET /auth/me', 5000, 32, 200, (w) => call('GET', '/auth/me', undefined, sessions[w]?.access_token)),
    await measure('POST /auth/refresh', 500, 32, 200, async (w) => {
      const session = sessions[w] as { refresh_token: string };
      const res = await call('POST', '/auth/refresh', { refresh_token: session.refresh_token });
      session.refresh_token = (JSON.parse(res.body) as { refresh_token: string }).refresh_token;
      return res;
    }),
    await measure('POST /auth/login (bcrypt cost 12)', 60, 4, 401, () =>
      call('POST', '/auth/login', { email: 'nobody@example.com', password: 'a wrong passphrase' }),
    ),
  ];
  const rssMb = process.memoryUsage().rss / 2 ** 20;

  let missed = 0;
  for (const r of results) {
    const target = TARGETS[r.name] as Target;
    const ok = r.rps >= target.minRps && r.p99 <= target.maxP99Ms;
    if (!ok) missed += 1;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${r.name.padEnd(34)} ${r.requests} req  ${r.rps.toFixed(0).padStart(6)} req/s (≥ ${target.minRps})` +
        `  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms (≤ ${target.maxP99Ms})`,
    );
  }
  const rssOk = rssMb <= MAX_RSS_MB;
  if (!rssOk) missed += 1;
  console.log(`${rssOk ? 'ok  ' : 'MISS'} resident memory after the run        ${rssMb.toFixed(0)} MB (≤ ${MAX_RSS_MB})`);

  agent.destroy();
  server.close();
  await database.close();
  process.exit(missed === 0 ? 0 : 1);
}

await main();
