import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import type { DevDataConfig } from '../../src/config/dev-data.config.js';
import { stopDevDatabase } from '../../src/db/dev-database.js';
import { spawnServer, type ServerProcess } from '../helpers/server.js';
import { userRoleWith } from '../helpers/user-role.js';

const run = promisify(execFile);

// The first start may fetch mongod (mongodb-memory-server) before it falls back to the offline engine.
const FIRST_START_MS = 60_000;
const START_MS = 20_000;
const PASSWORD = 'a long enough passphrase';

/**
 * `npm run dev` as it starts on a developer's machine: development, no MONGODB_URI, the data directory
 * a temporary one of this test (DEV_DATA_DIR) instead of the checkout's `.data/`.
 */
describe('npm run dev: the development server keeps its data', () => {
  let dataDir: string;
  let devData: DevDataConfig;
  let server: ServerProcess | undefined;

  const devEnv = () => ({
    ...process.env,
    NODE_ENV: 'development',
    MONGODB_URI: '',
    DEV_DATA_DIR: dataDir,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'info',
  });
  const start = async (timeoutMs = START_MS) => (server = await spawnServer(devEnv(), timeoutMs));
  const stop = async () => {
    const child = server?.child;
    server = undefined;
    if (child?.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  const call = (method: string, route: string, body?: object, token?: string) =>
    fetch(`http://127.0.0.1:${server?.port}${route}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      ...(body && { body: JSON.stringify(body) }),
    });
  const register = async (email: string) => {
    const res = await call('POST', '/auth/register', { email, password: PASSWORD });
    assert.equal(res.status, 201);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const databaseLine = () =>
    server?.output
      .join('')
      .split('\n')
      .find((line) => line.includes('database: ')) ?? '';

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'dev-data-'));
    devData = loadConfig({ NODE_ENV: 'development', DEV_DATA_DIR: dataDir }).devData as DevDataConfig;
  });
  afterEach(async function (this: Mocha.Context) {
    this.timeout(START_MS);
    await stop();
    await stopDevDatabase(devData);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the server restarts, then the account, its password and an access token issued before the restart still work', async function () {
    this.timeout(FIRST_START_MS + 2 * START_MS);
    await start(FIRST_START_MS);
    assert.match(databaseLine(), /new and empty/);
    const token = await register('ada@example.com');
    await stop();

    await start();
    assert.match(databaseLine(), /kept since .*its data lasts as long as that process: a reboot or npm run dev:fresh empties it/);
    assert.ok(
      server?.output.join('').includes(`development secrets: JWT_SECRET, COOKIE_SECRET, MFA_ENCRYPTION_KEY kept in ${devData.secretsFile}`),
    );
    assert.equal((await call('POST', '/auth/login', { email: 'ada@example.com', password: PASSWORD })).status, 200);
    const me = await call('GET', '/auth/me', undefined, token);
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, 'ada@example.com');
  });

  it('when npm run user:role runs with MONGODB_URI unset, then it changes the account in the kept database', async function () {
    this.timeout(FIRST_START_MS + START_MS);
    await start(FIRST_START_MS);
    const token = await register('grace@example.com');
    const { stdout } = await userRoleWith({ NODE_ENV: 'development', DEV_DATA_DIR: dataDir }, 'grace@example.com', 'admin');
    assert.match(stdout, /^grace@example\.com is now admin/);
    const me = await call('GET', '/auth/me', undefined, token);
    assert.equal(((await me.json()) as { role: string }).role, 'admin');
  });

  it('when no development database runs, then npm run user:role exits 1 saying to start npm run dev', async function () {
    this.timeout(START_MS);
    await assert.rejects(
      userRoleWith({ NODE_ENV: 'development', DEV_DATA_DIR: dataDir }, 'grace@example.com', 'admin'),
      (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.equal(
          error.stderr,
          `MONGODB_URI is not set and no development database answers (${devData.databaseFile}): start npm run dev first.\n`,
        );
        return true;
      },
    );
  });

  it('when npm run dev:reset runs, then the next start is empty and has new secrets: login 401, the old access token 401', async function () {
    this.timeout(FIRST_START_MS + 2 * START_MS);
    await start(FIRST_START_MS);
    const token = await register('ada@example.com');
    await stop();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/dev-reset.ts'], { env: devEnv() });
    assert.match(stdout, /^stopped the development database \(process \d+\); removed .*dev-secrets\.json/);

    await start(FIRST_START_MS);
    assert.match(databaseLine(), /new and empty/);
    assert.equal((await call('POST', '/auth/login', { email: 'ada@example.com', password: PASSWORD })).status, 401);
    assert.equal((await call('GET', '/auth/me', undefined, token)).status, 401);
  });

  it('when the kept database died (a reboot), then the next start does not wait on its record: a new, empty one, within seconds', async function () {
    this.timeout(FIRST_START_MS + 2 * START_MS);
    await start(FIRST_START_MS);
    await register('ada@example.com');
    await stop();
    const { pid } = JSON.parse(readFileSync(devData.databaseFile, 'utf8')) as { pid: number };
    // Its process group: the host and the engine it runs, as a power cut would end them.
    process.kill(-pid, 'SIGKILL');

    const started = Date.now();
    await start(FIRST_START_MS);
    assert.ok(Date.now() - started < START_MS, `took ${Date.now() - started} ms`);
    assert.match(databaseLine(), new RegExp(`new and empty \\(the one recorded, process ${pid}, no longer answers\\)`));
    assert.equal((await call('POST', '/auth/login', { email: 'ada@example.com', password: PASSWORD })).status, 401);
  });
});
