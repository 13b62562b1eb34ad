import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { UserModel } from '../../src/models/user.model.js';
import { buildApp } from '../helpers/app.js';
import { listenOnFreePort } from '../helpers/server.js';

const run = promisify(execFile);
const BASE_LINE = 'BASE=http://localhost:3000';

/** The first shell block under "## Try it with curl" in the README, as a reader would paste it. */
function readmeWalk(): string {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Try it with curl'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block?.startsWith(`${BASE_LINE}\n`), `the walk starts with ${BASE_LINE}`);
  return block as string;
}

describe('the README curl walk', () => {
  let server: Server;
  let origin: string;
  before(async () => {
    ({ server, origin } = await listenOnFreePort(buildApp()));
  });
  after(() => server.close());

  it('when pasted into bash against a started server, then every step answers what its comment says', async function (this: Mocha.Context) {
    this.timeout(60_000);
    // The only changes: BASE points at this test's server instead of port 3000, and the status lines
    // (stderr) are read in order with the bodies, as a terminal shows them.
    const script = `exec 2>&1\n${readmeWalk().replace(BASE_LINE, `BASE=${origin}`)}`;
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script]);
    const output = stdout.trim().split('\n');
    const statuses = output.filter((line) => /^HTTP \d{3}$/.test(line)).map((line) => Number(line.slice(5)));
    // register, login, me, sessions, refresh, the replay and the newest token, login, password change,
    // the old access token, refresh, logout, refresh, login, logout-all, me, health, readiness
    assert.deepEqual(statuses, [201, 200, 200, 200, 200, 401, 401, 200, 204, 401, 200, 204, 401, 200, 204, 401, 200, 200], stdout);
    const lines = output.filter((line) => !line.startsWith('HTTP '));
    const code = (line: string | undefined) => (JSON.parse(line ?? '{}') as { code?: string }).code;
    assert.equal(lines.length, 10, stdout);
    assert.match(lines[0] ?? '', /"email":"ada@example\.com"/, 'register');
    assert.match(lines[1] ?? '', /^\{"id":"[0-9a-f]{24}","email":"ada@example\.com"/, 'me with the captured access token');
    const sessions = (JSON.parse(lines[2] ?? '{}') as { items?: { current: boolean }[] }).items;
    assert.deepEqual(
      sessions?.map((item) => item.current),
      [true, false],
      'the sessions of register and login, this one (the newest) marked current',
    );
    assert.equal(code(lines[3]), 'REFRESH_TOKEN_REUSED', 'the spent refresh token replayed');
    assert.equal(code(lines[4]), 'INVALID_REFRESH_TOKEN', 'the newest refresh token died with its session');
    assert.equal(code(lines[5]), 'UNAUTHORIZED', 'the access token from before the password change');
    assert.equal(code(lines[6]), 'INVALID_REFRESH_TOKEN', 'refresh after logout');
    assert.equal(code(lines[7]), 'UNAUTHORIZED', 'me after logout everywhere');
    assert.deepEqual(lines.slice(8), ['{"status":"ok"}', '{"status":"ok","checks":{"mongo":"up"}}']);
    const ada = await UserModel.findOne({ email: 'ada@example.com' }).lean();
    assert.equal(ada?.name, 'Ada', 'the walk registered ada');
  });
});
