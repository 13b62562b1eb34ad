import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import type { RequestListener, Server } from 'node:http';
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

  describe('local-oauth-provider', () => {
    let provider: ChildProcess;
    let printed = '';
    let listening: Awaited<ReturnType<typeof listenOnFreePort>>;
    let app: RequestListener = (_req, res) => res.end();
    before(async function (this: Mocha.Context) {
      this.timeout(60_000);
      // The app's URL goes into the variables the script prints, so the server listens before the app exists.
      listening = await listenOnFreePort((req, res) => app(req, res));
      provider = spawn(process.execPath, ['--import', 'tsx', 'scripts/local-oauth-provider.ts', '--port', '0', '--app', listening.origin]);
      await new Promise<void>((resolve, reject) => {
        provider.stdout?.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          if (printed.includes('Ctrl+C stops the provider')) resolve();
        });
        provider.once('exit', (code) => reject(new Error(`the provider exited (${code}): ${printed}`)));
      });
    });
    after(() => {
      provider.kill();
      listening.server.close();
    });

    it('when the app runs with exactly the variables it prints, then "Sign in with Google" ends on the demo page with a code that signs in', async () => {
      const env = Object.fromEntries(
        [...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map(([, name, value]) => [name as string, value as string]),
      );
      assert.equal(env.OAUTH_SUCCESS_REDIRECT, `${listening.origin}/`);
      app = buildApp(env);
      const manual = { redirect: 'manual' } as const;
      const start = await fetch(`${listening.origin}/auth/google`, manual);
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const approved = await fetch(start.headers.get('location') ?? '', manual);
      const callback = await fetch(approved.headers.get('location') ?? '', { ...manual, headers: { cookie } });
      assert.equal(callback.status, 302);
      const landing = new URL(callback.headers.get('location') ?? '');
      assert.equal(`${landing.origin}${landing.pathname}`, `${listening.origin}/`, 'back on the demo page');
      // The code is bound to the browser it was issued to, by a cookie the page's exchange sends back.
      const codeCookie =
        callback.headers
          .getSetCookie()
          .find((value) => value.startsWith('oauth_code='))
          ?.split(';')[0] ?? '';
      const exchange = await fetch(`${listening.origin}/auth/oauth/exchange`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: codeCookie },
        body: JSON.stringify({ code: landing.searchParams.get('code') }),
      });
      assert.equal(exchange.status, 200);
      assert.equal(((await exchange.json()) as { user: { email: string } }).user.email, 'dev@example.com');
    });
  });
});
