import assert from 'node:assert/strict';
import { Agent, request as httpRequest, type RequestListener, type Server } from 'node:http';
import { buildApp } from '../helpers/app.js';
import { registerAccount, uniqueEmail, type Account } from '../helpers/factories.js';
import { listenOnFreePort } from '../helpers/server.js';

const TOTAL = 2000;
const CONCURRENCY = 200;
const REQUEST_TIMEOUT_MS = 10_000;

interface Call {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

function mix(i: number, account: Account): Call {
  const json = { 'Content-Type': 'application/json' };
  const calls: Call[] = [
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/health/ready' },
    { method: 'POST', path: '/auth/login', headers: json, body: JSON.stringify({ email: account.email, password: account.password }) },
    { method: 'POST', path: '/auth/login', headers: json, body: JSON.stringify({ email: account.email, password: 'not the passphrase' }) },
    {
      method: 'POST',
      path: '/auth/register',
      headers: json,
      body: JSON.stringify({ email: uniqueEmail('burst'), password: 'a long enough passphrase' }),
    },
    { method: 'POST', path: '/auth/register', headers: json, body: JSON.stringify({ email: { $gt: '' }, password: 'x' }) },
    { method: 'GET', path: '/auth/me', headers: { Authorization: `Bearer ${account.access_token}` } },
    { method: 'GET', path: '/auth/me', headers: { Authorization: 'Bearer garbage' } },
    { method: 'POST', path: '/auth/refresh', headers: json, body: '{"refresh_token": ' },
    { method: 'POST', path: '/auth/login', headers: { 'Content-Type': 'text/plain' }, body: 'email=a&password=b' },
    { method: 'PUT', path: '/auth/login' },
    { method: 'GET', path: '/no/such/route' },
  ];
  return calls[i % calls.length] as Call;
}

function send(agent: Agent, port: number, call: Call): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, agent, method: call.method, path: call.path, headers: call.headers, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('timeout', () => req.destroy(new Error(`${call.method} ${call.path} timed out`)));
    req.once('error', reject);
    req.end(call.body);
  });
}

describe('security: burst', function () {
  this.timeout(60_000);
  let server: Server;
  let app: RequestListener;
  before(async () => {
    // A modest per-IP limit, so that 429s are part of the mix.
    app = buildApp({ RATE_LIMIT_AUTH_MAX: '300' });
    ({ server } = await listenOnFreePort(app));
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it(`when ${TOTAL} mixed requests arrive ${CONCURRENCY} at a time, then none is a 5xx other than 503, and /health is 200 after`, async () => {
    const { port } = server.address() as { port: number };
    const account = await registerAccount(app);
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      for (let i = next++; i < TOTAL; i = next++) {
        const status = await send(agent, port, mix(i, account));
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = Date.now() - started;
    agent.destroy();
    const summary = JSON.stringify(Object.fromEntries(statuses));
    assert.equal(
      [...statuses.values()].reduce((a, b) => a + b, 0),
      TOTAL,
      summary,
    );
    const serverErrors = [...statuses.keys()].filter((status) => status >= 500 && status !== 503);
    assert.deepEqual(serverErrors, [], summary);
    assert.ok(statuses.has(429), `the limiter took part: ${summary}`);
    assert.ok(server.listening);
    const health = await send(new Agent(), port, { method: 'GET', path: '/health' });
    assert.equal(health, 200);
    assert.ok(elapsed < 45_000, `${TOTAL} requests took ${elapsed} ms: ${summary}`);
  });
});
