import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { post, startServerProcess, waitForLine } from '../helpers/server.js';

const START_TIMEOUT_MS = 20_000;
const GRACE_MS = 10_000;
// Node's keep-alive timeout is 5 s: a process that waited for the answered connection to time out would take that long.
const AFTER_LAST_ANSWER_MS = 3_000;

describe('security: graceful shutdown', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let redis: RedisServer | undefined;
  after(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await redis?.stop();
  });

  it('when SIGTERM arrives during a login, then the login is finished, the password workers, Mongo and Redis are closed, and it exits 0 without waiting out the keep-alive of that connection', async () => {
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

    // Node's global agent keeps the connection alive after the answer, as a platform's router does.
    let answeredAt = 0;
    const inFlight = post(port, '/auth/login', { email: 'nobody@example.com', password: 'not the passphrase' }).finally(() => {
      answeredAt = Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    server.kill('SIGTERM');
    const [code] = (await once(server, 'exit')) as [number | null];
    const exitedAt = Date.now();
    const elapsed = exitedAt - signalled;

    assert.equal(await inFlight, 401, 'the request in flight was answered');
    assert.equal(code, 0, output.join(''));
    assert.ok(elapsed < GRACE_MS, `exited ${elapsed} ms after SIGTERM`);
    assert.ok(exitedAt - answeredAt < AFTER_LAST_ANSWER_MS, `exited ${exitedAt - answeredAt} ms after the last answer`);
    await waitForLine(output, /closed: http server, outbox, password workers, database and redis/, 1000);
    await assert.rejects(post(port, '/auth/login', {}), { code: 'ECONNREFUSED' });
  });
});
