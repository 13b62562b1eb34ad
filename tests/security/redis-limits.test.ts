import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { connectRedis, closeRedis, type SharedRedis } from '../../src/db/redis.js';
import { createLogger } from '../../src/logging/logger.js';
import { buildApp } from '../helpers/app.js';
import { registerAccount } from '../helpers/factories.js';
import { REDIS_SERVER_BIN, startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const wrongLogin = { email: 'nobody@example.com', password: 'not the passphrase' };
const silent = createLogger({ env: 'test', logLevel: 'silent' });

async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('security: abuse limits shared in Redis', function () {
  let redis: RedisServer | undefined;
  let admin: SharedRedis;
  const clients: SharedRedis[] = [];

  const client = async (logger = silent): Promise<SharedRedis> => {
    const created = await connectRedis({ url: (redis as RedisServer).url, tlsVerify: true }, logger);
    clients.push(created);
    await until(() => created.client.isReady, 'the redis client');
    return created;
  };
  const instance = async (overrides: Record<string, string>, logger = silent): Promise<RequestListener> =>
    buildApp(overrides, { redis: await client(logger) });
  const statusOf = async (app: RequestListener) => (await request(app).post('/auth/login').send(wrongLogin)).status;

  /** After an outage the limit holds again; the first call may still pass while the store reloads its script. */
  const assertLimitedAgain = async (app: RequestListener, limit: number) => {
    const statuses = [];
    for (let i = 0; i < limit + 3; i += 1) statuses.push(await statusOf(app));
    assert.deepEqual(statuses.slice(-2), [429, 429], statuses.join(', '));
    assert.ok(statuses.filter((status) => status === 401).length <= limit + 1, statuses.join(', '));
  };

  before(async function () {
    redis = await startRedisServer();
    if (!redis) {
      console.warn(`    skipped: ${REDIS_SERVER_BIN} is not installed, so the shared-counter tests cannot run`);
      this.skip();
    }
    admin = await client();
  });
  beforeEach(async () => {
    // Our own redis-server, never the shared one: flushing it only resets this suite's counters.
    if (!admin.client.isReady) await until(() => admin.client.isReady, 'the admin client');
    await admin.client.flushAll();
  });
  after(async () => {
    await Promise.all(clients.map((each) => closeRedis(each)));
    await redis?.stop();
  });

  it('when two app instances share one Redis, then they enforce one per-IP limit', async () => {
    const [a, b] = [await instance({ RATE_LIMIT_AUTH_MAX: '4' }), await instance({ RATE_LIMIT_AUTH_MAX: '4' })];
    const statuses = [await statusOf(a), await statusOf(b), await statusOf(a), await statusOf(b), await statusOf(a), await statusOf(b)];
    assert.deepEqual(statuses, [401, 401, 401, 401, 429, 429]);
    const keys = await admin.client.keys('*');
    assert.ok(keys.length > 0 && keys.every((key) => key.startsWith('rl:')), keys.join(', '));
  });

  it('when failures for one email are spread over two instances and IPs, then the right password gets 429 on either', async () => {
    const overrides = { LOGIN_FAILURE_MAX: '2', TRUST_PROXY: '1' };
    const [a, b] = [await instance(overrides), await instance(overrides)];
    const account = await registerAccount(a, { email: 'shared-target@example.com' });
    await request(a)
      .post('/auth/login')
      .set('X-Forwarded-For', '198.51.100.1')
      .send({ email: account.email, password: 'wrong one' })
      .expect(401);
    await request(b)
      .post('/auth/login')
      .set('X-Forwarded-For', '203.0.113.2')
      .send({ email: account.email, password: 'wrong two' })
      .expect(401);
    for (const app of [a, b]) {
      const res = await request(app)
        .post('/auth/login')
        .set('X-Forwarded-For', '192.0.2.3')
        .send({ email: account.email, password: account.password });
      assert.equal(res.status, 429);
    }
    const keys = await admin.client.keys('rl:login-failures:*');
    assert.equal(keys.length, 1);
    assert.ok(!keys[0]?.includes('shared-target'), 'the email itself is not stored in Redis');
  });

  it('when Redis stops mid-test, then the API keeps answering fast (fail open) and the limit returns with Redis', async function () {
    this.timeout(30_000);
    const lines: string[] = [];
    const logger = createLogger({ env: 'test', logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = await instance({ RATE_LIMIT_AUTH_MAX: '3' }, logger);
    assert.deepEqual([await statusOf(app), await statusOf(app)], [401, 401]);
    await redis?.stop();
    for (let i = 0; i < 6; i += 1) {
      const started = Date.now();
      assert.equal(await statusOf(app), 401);
      assert.ok(Date.now() - started < 1000, 'answered within a second while Redis is down');
    }
    await request(app).get('/health').expect(200);
    await redis?.start();
    await until(() => clients.every((each) => each.client.isReady), 'the clients to reconnect', 10_000);
    await assertLimitedAgain(app, 3);
    assert.equal(lines.filter((line) => line.includes('redis: down')).length, 1, 'the outage is logged once');
    assert.equal(lines.filter((line) => line.includes('redis: back up')).length, 1, 'and so is the recovery');
  });

  it('when Redis is down at start-up, then the API serves, and the limit applies once Redis comes up', async function () {
    this.timeout(30_000);
    await redis?.stop();
    const offline = await connectRedis({ url: (redis as RedisServer).url, tlsVerify: true }, silent);
    clients.push(offline);
    const app = buildApp({ RATE_LIMIT_AUTH_MAX: '2' }, { redis: offline });
    assert.deepEqual([await statusOf(app), await statusOf(app), await statusOf(app)], [401, 401, 401]);
    await redis?.start();
    await until(() => clients.every((each) => each.client.isReady), 'the clients to connect', 10_000);
    await assertLimitedAgain(app, 2);
  });

  it('when Redis hangs (paused: sockets open, no answers), then every login in flight answers within a second and readiness says redis down', async function () {
    this.timeout(30_000);
    const lines: string[] = [];
    const logger = createLogger({ env: 'test', logLevel: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = await instance({ RATE_LIMIT_AUTH_MAX: '100' }, logger);
    const account = await registerAccount(app);
    const server = redis as RedisServer;
    server.pause();
    try {
      const started = Date.now();
      const logins = Array.from({ length: 8 }, async () => {
        const res = await request(app).post('/auth/login').send(wrongLogin);
        return { status: res.status, ms: Date.now() - started };
      });
      // Sent beside the logins (then() sends it now): the protected route does not queue behind them.
      const me = request(app)
        .get('/auth/me')
        .set('Authorization', `Bearer ${account.access_token}`)
        .then((res) => res.status);
      const answered = await Promise.all(logins);
      assert.deepEqual(
        answered.map(({ status }) => status),
        Array.from({ length: 8 }, () => 401),
      );
      assert.ok(
        answered.every(({ ms }) => ms < 1000),
        `answered within a second: ${answered.map(({ ms }) => ms).join(', ')} ms`,
      );
      assert.equal(await me, 200);
      const ready = await request(app).get('/health/ready');
      assert.equal(ready.status, 200);
      assert.equal(ready.body.checks.redis, 'down');
    } finally {
      server.resume();
    }
    // The next command finds Redis answering again (the one that probed while it hung may still be waiting).
    for (let i = 0; i < 20 && !lines.some((line) => line.includes('redis: back up')); i += 1) {
      assert.equal(await statusOf(app), 401);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(lines.filter((line) => line.includes('redis: down')).length, 1, 'the outage is logged once');
    assert.equal(lines.filter((line) => line.includes('redis: back up')).length, 1, 'and so is the recovery');
  });
});
