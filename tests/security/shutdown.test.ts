import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { post, startServerProcess, waitForLine } from '../helpers/server.js';

const START_TIMEOUT_MS = 20_000;
const GRACE_MS = 10_000;

describe('security: graceful shutdown', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let redis: RedisServer | undefined;
  after(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await redis?.stop();
  });

  it('when SIGTERM arrives during a login, then the login is finished, the password workers, Mongo and Redis are closed, and it exits 0 within 10 s', async () => {
    redis = await startRedisServer();
    const started = await startServerProcess(
      {
        // A slow bcrypt keeps the login below in flight when SIGTERM arrives.
        BCRYPT_ROUNDS: '12',
        ...(redis ? { REDIS_URL: redis.url } : {}),
      },
      START_TIMEOUT_MS,
    );
    child = started.child;
    const { port, output } = started;
    const server = started.child;

    const inFlight = post(port, '/auth/login', { email: 'nobody@example.com', password: 'not the passphrase' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    const elapsed = Date.now() - signalled;

    assert.equal(await inFlight, 401, 'the request in flight was answered');
    assert.equal(code, 0, output.join(''));
    assert.ok(elapsed < GRACE_MS, `exited ${elapsed} ms after SIGTERM`);
    await waitForLine(output, /closed: http server, outbox, password workers, database and redis/, 1000);
    await assert.rejects(post(port, '/auth/login', {}), { code: 'ECONNREFUSED' });
  });
});
