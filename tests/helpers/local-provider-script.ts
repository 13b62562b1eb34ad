import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import type { RequestListener } from 'node:http';
import { buildApp } from './app.js';
import { listenOnFreePort } from './server.js';
import type { FollowProvider } from './sign-in-flow.js';

/**
 * A local provider script (scripts/local-*.ts) as a developer runs it: started on a free port, the app
 * built with exactly the variables it prints, then the demo page's sign-in button followed through to
 * a one-time code that signs `email` in.
 */
export function describeLocalProviderScript(script: string, provider: string, email: string, follow: FollowProvider): void {
  describe(script, () => {
    let child: ChildProcess;
    let printed = '';
    let listening: Awaited<ReturnType<typeof listenOnFreePort>>;
    let app: RequestListener = (_req, res) => res.end();
    before(async function (this: Mocha.Context) {
      this.timeout(60_000);
      // The app's URL goes into the variables the script prints, so the server listens before the app exists.
      listening = await listenOnFreePort((req, res) => app(req, res));
      child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--app', listening.origin]);
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          printed += chunk.toString();
          if (printed.includes('Ctrl+C stops the')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${printed}`)));
      });
    });
    after(() => {
      child.kill();
      listening.server.close();
    });

    it(`when the app runs with exactly the variables it prints, then the ${provider} button ends on the demo page with a code that signs in`, async () => {
      const env = Object.fromEntries(
        [...printed.matchAll(/^([A-Z_]+)=(.+)$/gm)].map(([, name, value]) => [name as string, value as string]),
      );
      assert.equal(env.OAUTH_SUCCESS_REDIRECT, `${listening.origin}/`);
      app = buildApp(env);
      const manual = { redirect: 'manual' } as const;
      const start = await fetch(`${listening.origin}/auth/${provider}`, manual);
      const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const back = await follow(new URL(start.headers.get('location') ?? ''));
      const callback = await fetch(back, { ...manual, headers: { cookie } });
      assert.equal(callback.status, 302, await callback.text());
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
      assert.equal(((await exchange.json()) as { user: { email: string } }).user.email, email);
    });
  });
}
