import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { RequestListener } from 'node:http';
import { buildApp } from '../../helpers/app.js';
import { listenOnFreePort } from '../../helpers/server.js';

describe('scripts/local-oauth-provider.ts', () => {
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
    const env = Object.fromEntries([...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map(([, name, value]) => [name as string, value as string]));
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
