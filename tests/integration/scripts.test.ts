import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config/config.js';
import { buildApp } from '../helpers/app.js';
import { listenOnFreePort } from '../helpers/server.js';

const run = promisify(execFile);

describe('scripts/', () => {
  it('when gen-secret runs twice, then it prints two different 64-character base64url secrets', async () => {
    const [first, second] = await Promise.all([run('node', ['scripts/gen-secret.mjs']), run('node', ['scripts/gen-secret.mjs'])]);
    assert.match(first.stdout, /^[\w-]{64}\n$/);
    assert.notEqual(first.stdout, second.stdout);
  });

  it('when gen-secret runs with "mfa", then it prints a key MFA_ENCRYPTION_KEY accepts: 32 random bytes, base64', async () => {
    const { stdout } = await run('node', ['scripts/gen-secret.mjs', 'mfa']);
    assert.match(stdout, /^[A-Za-z0-9+/]{43}=\n$/);
    const key = stdout.trim();
    assert.deepEqual(loadConfig({ NODE_ENV: 'development', MFA_ENCRYPTION_KEY: key }).mfa.encryptionKey, Buffer.from(key, 'base64'));
  });

  describe('smoke', () => {
    let server: Server;
    let base: string;
    before(async () => {
      ({ server, origin: base } = await listenOnFreePort(buildApp()));
    });
    after(() => server.close());

    it('when the server follows the contract, then register → login → me → refresh → logout passes and it exits 0', async () => {
      const { stdout } = await run('node', ['scripts/smoke.mjs', base]);
      assert.match(stdout, /ok {2}register\n.*ok {2}login\n.*ok {2}me\n.*ok {2}refresh\n.*ok {2}logout\n/s);
    });

    it('when an answer differs from the contract, then it names the step and exits 1', async () => {
      const wrong = await listenOnFreePort((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      try {
        const url = wrong.origin;
        await assert.rejects(run('node', ['scripts/smoke.mjs', url]), (error: { code?: number; stderr?: string }) => {
          assert.equal(error.code, 1);
          assert.match(error.stderr ?? '', /FAIL register: expected 201, got 200/);
          return true;
        });
      } finally {
        wrong.server.close();
      }
    });

    it('when nothing listens at the URL, then it exits non-zero', async () => {
      await assert.rejects(run('node', ['scripts/smoke.mjs', 'http://127.0.0.1:9']), (error: { code?: number; stderr?: string }) => {
        assert.equal(error.code, 1);
        assert.match(error.stderr ?? '', /FAIL cannot reach/);
        return true;
      });
    });
  });
});
