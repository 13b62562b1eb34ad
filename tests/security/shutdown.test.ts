import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { freePort } from '../helpers/free-port.js';
import { testDatabaseTarget } from '../helpers/database.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const START_TIMEOUT_MS = 20_000;
const GRACE_MS = 10_000;

function post(port: number, path: string, body: object): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(JSON.stringify(body));
  });
}

function waitForLine(output: string[], pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      if (output.some((line) => pattern.test(line))) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in:\n${output.join('')}`));
      }
    }, 50);
  });
}

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
    const port = await freePort();
    const { uri, options } = testDatabaseTarget();
    const mongoUrl = new URL(uri);
    if (options.dbName) mongoUrl.pathname = `/${options.dbName}`;
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      MONGODB_URI: mongoUrl.toString(),
      // A slow bcrypt keeps the login below in flight when SIGTERM arrives.
      BCRYPT_ROUNDS: '12',
      ...(redis ? { REDIS_URL: redis.url } : {}),
    };
    const output: string[] = [];
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await waitForLine(output, /listening on http:\/\/localhost/, START_TIMEOUT_MS);

    const inFlight = post(port, '/auth/login', { email: 'nobody@example.com', password: 'not the passphrase' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalled = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    const elapsed = Date.now() - signalled;

    assert.equal(await inFlight, 401, 'the request in flight was answered');
    assert.equal(code, 0, output.join(''));
    assert.ok(elapsed < GRACE_MS, `exited ${elapsed} ms after SIGTERM`);
    await waitForLine(output, /closed: http server, outbox, password workers, database and redis/, 1000);
    await assert.rejects(post(port, '/auth/login', {}), { code: 'ECONNREFUSED' });
  });
});
