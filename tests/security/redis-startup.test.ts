import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { REDIS_SERVER_BIN, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { post, startServerProcess } from '../helpers/server.js';

const START_TIMEOUT_MS = 30_000;

describe('security: two fresh instances sharing one Redis', function () {
  this.timeout(90_000);
  let redis: RedisServer | undefined;
  const children: ChildProcess[] = [];
  const outputs: string[][] = [];

  async function startInstance(): Promise<number> {
    const { child, port, output } = await startServerProcess(
      {
        BCRYPT_ROUNDS: '4',
        REDIS_URL: (redis as RedisServer).url,
        // Only the per-IP limit (default 10) is under test: each failure uses another email.
        LOGIN_FAILURE_MAX: '100000',
      },
      START_TIMEOUT_MS,
    );
    children.push(child);
    outputs.push(output);
    return port;
  }

  before(async function () {
    redis = await startRedisServer();
    if (!redis) {
      console.warn(`    skipped: ${REDIS_SERVER_BIN} is not installed`);
      this.skip();
    }
  });
  after(async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await once(child, 'exit');
      }),
    );
    await redis?.stop();
  });

  it('when both have just started, then the 11th failed login from one IP is 429, Redis is logged up once per instance and nothing fails open', async () => {
    const ports = await Promise.all([startInstance(), startInstance()]);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) {
      statuses.push(
        await post(ports[i % 2] as number, '/auth/login', { email: `nobody-${i}@example.com`, password: 'not the passphrase' }),
      );
    }
    assert.deepEqual(statuses, [...Array<number>(10).fill(401), 429]);
    for (const output of outputs) {
      const lines = output.join('').split('\n');
      assert.equal(lines.filter((line) => line.includes('redis: up')).length, 1, lines.join('\n'));
      assert.ok(!lines.some((line) => /failing open|redis: down|"stack"/.test(line)), lines.join('\n'));
    }
  });

  it('when Redis is up, then readiness says so; when it is down, then readiness still answers 200 and says redis down', async () => {
    const port = await startInstance();
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return { status: res.status, body: (await res.json()) as { checks: unknown } };
    };
    assert.deepEqual(await ready(), { status: 200, body: { status: 'ok', checks: { mongo: 'up', redis: 'up' } } });
    await redis?.stop();
    const deadline = Date.now() + 5000;
    let seen = await ready();
    while (JSON.stringify(seen.body.checks).includes('"redis":"up"') && Date.now() < deadline) seen = await ready();
    assert.deepEqual(seen, { status: 200, body: { status: 'ok', checks: { mongo: 'up', redis: 'down' } } });
    await redis?.start();
  });
});
