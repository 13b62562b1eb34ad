import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { RequestListener, Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../helpers/app.js';
import { mailingApp, startMailServer } from '../helpers/mail-server.js';
import { startTestProvider } from '../helpers/oauth-provider.js';
import { listenOnFreePort } from '../helpers/server.js';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, clickAndExpectStatus, watchForProblems } from './browser.js';

describe('demo page in a real browser', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    ({ server, origin } = await listenOnFreePort(buildApp()));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('when a learner registers, logs in, calls /auth/me, refreshes and logs out, then each step shows its result and the token', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page, origin);
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(`${origin}/`);
    assert.equal(await page.title(), 'express-auth-starter — interactive demo');

    const email = 'ada@example.com';
    const password = 'correct horse battery staple';
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.fill('#name', 'Ada');
    await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
    assert.match((await page.textContent('#request')) ?? '', /^POST \/auth\/register HTTP\/1\.1/);
    assert.ok(!(await page.textContent('#request'))?.includes(password), 'the request pane shows the password');
    assert.match((await page.textContent('#response')) ?? '', /^HTTP\/1\.1 201 Created/);
    assert.match((await page.textContent('#token-header')) ?? '', /"typ": "at\+jwt"/);
    assert.match((await page.textContent('#claims')) ?? '', /"sub": "[0-9a-f]{24}"/);

    const expiry = (await page.textContent('#expiry')) ?? '';
    assert.match(expiry, /^Access token expires in 1[45]:\d\d/);
    await page.waitForFunction((before) => document.querySelector('#expiry')?.textContent !== before, expiry, { timeout: 5000 });

    await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
    await clickAndExpectStatus(page, '#me', `200 OK — token accepted, you are ${email}`);
    assert.equal(await page.textContent('#user'), email);
    assert.match((await page.textContent('#request')) ?? '', /Authorization: Bearer /);

    const claimsBefore = await page.textContent('#claims');
    await clickAndExpectStatus(page, '#refresh', '200 OK — refreshed');
    assert.notEqual(await page.textContent('#claims'), claimsBefore, 'a new access token is shown after the refresh');
    await page.screenshot({ path: `${ARTIFACTS}/demo-signed-in.png`, fullPage: true });

    await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
    assert.equal(await page.textContent('#user'), '');
    assert.equal(await page.textContent('#expiry'), 'No access token.');
    assert.ok(await page.isDisabled('#me'));

    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: '' }, 'tokens must live in memory only');

    await page.click('#google');
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-kind') === 'error' || location.pathname !== '/');
    assert.match((await page.textContent('#status')) ?? '', /^404 Not Found — (OAUTH_NOT_CONFIGURED|NOT_FOUND)/);

    await page.screenshot({ path: `${ARTIFACTS}/demo-after-logout.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('when /docs is opened, then Swagger UI renders every operation with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page, origin);
    await page.goto(`${origin}/docs`);
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    assert.ok((await page.locator('.opblock-summary', { hasText: '/auth/register' }).count()) > 0);
    await page.screenshot({ path: `${ARTIFACTS}/docs.png` });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('when a learner signs in with Google (a local OAuth provider), then the page trades the one-time code and shows the user', async () => {
    const provider = await startTestProvider();
    provider.signInAs({ sub: 'google-e2e-1', email: 'grace@example.com', email_verified: true, name: 'Grace' });
    // The callback URL names the app's own port, so the app is built once the server listens.
    let app: RequestListener = (_req, res) => res.end();
    const listening = await listenOnFreePort((req, res) => app(req, res));
    app = buildApp(
      provider.env({ GOOGLE_CALLBACK_URL: `${listening.origin}/auth/google/callback`, OAUTH_SUCCESS_REDIRECT: `${listening.origin}/` }),
    );
    const page = await browser.newPage();
    const problems = watchForProblems(page, listening.origin, provider.issuer);
    try {
      await page.goto(`${listening.origin}/`);
      await page.click('#google');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.endsWith('with Google'), undefined, {
        timeout: 15_000,
      });
      assert.equal(await page.textContent('#status'), '200 OK — signed in as grace@example.com with Google');
      assert.equal(await page.textContent('#user'), 'grace@example.com');
      assert.equal(new URL(page.url()).search, '', 'the one-time code is removed from the address bar');
      assert.match((await page.textContent('#request')) ?? '', /^POST \/auth\/oauth\/exchange HTTP\/1\.1/);
      assert.match((await page.textContent('#claims')) ?? '', /"sub": "[0-9a-f]{24}"/);
      const challenge = provider.authorizeRequests.at(-1);
      assert.equal(challenge?.get('code_challenge_method'), 'S256');
      await clickAndExpectStatus(page, '#me', '200 OK — token accepted, you are grace@example.com');
      await page.screenshot({ path: `${ARTIFACTS}/demo-google.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      listening.server.close();
      await provider.stop();
    }
  });
  it('when a learner verifies their email and resets a forgotten password from mailed links, then the page finishes both flows', async () => {
    const mail = await startMailServer();
    // Mailed links point at APP_URL, this server's own origin, so the app is built once the server listens.
    let app: RequestListener = (_req, res) => res.end();
    const listening = await listenOnFreePort((req, res) => app(req, res));
    const mailing = mailingApp(mail, { APP_URL: `${listening.origin}/` });
    app = mailing.app;
    const page = await browser.newPage();
    const problems = watchForProblems(page, listening.origin);
    const newestLink = async (email: string): Promise<string> => {
      const link = /https?:\/\/\S+/.exec((await mailing.newestMail(email)).text)?.[0];
      assert.ok(link, `a link was mailed to ${email}`);
      return link;
    };
    try {
      const email = 'lin@example.com';
      await page.goto(`${listening.origin}/`);
      await page.fill('#email', email);
      await page.fill('#password', 'the first passphrase');
      await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
      await clickAndExpectStatus(page, '#verify-request', `202 Accepted — A verification link is on its way to ${email}.`);
      await page.goto(await newestLink(email));
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.endsWith('is verified'), undefined, {
        timeout: 10_000,
      });
      assert.equal(await page.textContent('#status'), `200 OK — ${email} is verified`);
      assert.equal(new URL(page.url()).hash, '', 'the token is removed from the address bar');

      await page.fill('#email', email);
      await clickAndExpectStatus(
        page,
        '#forgot',
        '202 Accepted — If an account uses this email, a link to reset its password is on its way.',
      );
      await page.goto(await newestLink(email));
      await page.waitForSelector('#reset-form:not([hidden])');
      assert.equal(new URL(page.url()).hash, '');
      await page.fill('#new-password', 'the second passphrase');
      await clickAndExpectStatus(
        page,
        '#reset',
        '204 No Content — password changed and every device signed out: log in with the new password',
      );
      assert.ok(await page.isHidden('#reset-form'));
      await page.fill('#email', email);
      await page.fill('#password', 'the second passphrase');
      await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
      await page.screenshot({ path: `${ARTIFACTS}/demo-reset.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      listening.server.close();
      await mail.close();
    }
  });
});
