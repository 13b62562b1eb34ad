// feature-file:oidc (the demo page's provider buttons, signed in through the local OpenID Provider; feature:remove deletes it with oidc)
import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
// feature:github
import { startLocalGitHub, type LocalGitHub } from '../../scripts/local-providers/github.js';
// /feature:github
import { startLocalOidcProvider, type LocalOidcProvider } from '../../scripts/local-providers/oidc.js';
import { buildApp } from '../helpers/app.js';
// feature:google
import { startTestProvider, type TestProvider } from '../helpers/oauth-provider.js';
// /feature:google
import { listenOnFreePort } from '../helpers/server.js';
import { CHROMIUM, CHROMIUM_ARGS, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

describe('demo page: sign-in providers in a real browser', () => {
  let browser: Browser;
  let oidc: LocalOidcProvider;
  // feature:google
  let google: TestProvider;
  // /feature:google
  // feature:github
  let github: LocalGitHub;
  // /feature:github
  let listening: Awaited<ReturnType<typeof listenOnFreePort>>;

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    // The callback URLs name the app's own port, so the app is built once the server listens.
    let app: RequestListener = (_req, res) => res.end();
    listening = await listenOnFreePort((req, res) => app(req, res));
    const { origin } = listening;
    oidc = await startLocalOidcProvider({ callbackUrl: `${origin}/auth/oidc/callback` });
    const env: Record<string, string> = {
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.client.id,
      OIDC_CLIENT_SECRET: oidc.client.secret,
      OIDC_CALLBACK_URL: `${origin}/auth/oidc/callback`,
      OIDC_NAME: 'Acme SSO',
      OAUTH_SUCCESS_REDIRECT: `${origin}/`,
    };
    // feature:google
    google = await startTestProvider();
    Object.assign(env, google.env({ GOOGLE_CALLBACK_URL: `${origin}/auth/google/callback` }));
    // /feature:google
    // feature:github
    github = await startLocalGitHub();
    Object.assign(env, {
      GITHUB_CLIENT_ID: github.client.id,
      GITHUB_CLIENT_SECRET: github.client.secret,
      GITHUB_CALLBACK_URL: `${origin}/auth/github/callback`,
      GITHUB_BASE_URL: github.baseUrl,
      GITHUB_API_URL: github.apiUrl,
    });
    // /feature:github
    app = buildApp(env);
  });

  after(async () => {
    await browser?.close();
    listening?.server.close();
    await oidc?.stop();
    // feature:google
    await google?.stop();
    // /feature:google
    // feature:github
    await github?.stop();
    // /feature:github
  });

  it('when every provider is configured, then each has its button (OIDC_NAME labels the generic one), and the OIDC sign-in lands signed in with Unlink refused as the last way in', async () => {
    oidc.signInAs({ sub: 'acme-e2e-1', email: 'lin@acme.example', email_verified: true, name: 'Lin' });
    const page = await browser.newPage();
    const problems = watchForProblems(page, listening.origin, oidc.issuer);
    try {
      await page.goto(`${listening.origin}/`);
      await page.waitForFunction(() => document.querySelector('#oidc')?.textContent === 'Sign in with Acme SSO');
      await openView(page, 'providers');
      const shown = ['#oidc'];
      // feature:google
      shown.push('#google');
      // /feature:google
      // feature:github
      shown.push('#github');
      // /feature:github
      for (const button of shown) assert.ok(await page.isVisible(button), button);

      await page.click('#oidc');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.endsWith('with Acme SSO'), undefined, {
        timeout: 15_000,
      });
      assert.equal(await page.textContent('#status'), '200 OK — signed in as lin@acme.example with Acme SSO');
      assert.equal(new URL(page.url()).search, '', 'the one-time code is removed from the address bar');
      assert.equal(await page.textContent('#linked-providers'), 'Acme SSO Unlink Acme SSO');
      assert.ok(await page.isVisible('#oidc'), 'back on the view the sign-in started from');
      await screenshot(page, 'providers');

      await openView(page, 'profile');

      await clickAndExpectStatus(
        page,
        '[data-unlink="oidc"]',
        '409 Conflict — LAST_SIGN_IN_METHOD: This is the only way into the account: set a password or add a passkey first.',
      );
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
