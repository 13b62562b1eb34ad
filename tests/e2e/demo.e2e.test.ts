import assert from 'node:assert/strict';
import type { RequestListener, Server } from 'node:http';
import { chromium, type Browser, type BrowserContext, type Page, type Response as PageResponse } from 'playwright-core';
import { hashToken } from '../../src/auth/single-use-token.js';
import { RefreshTokenModel } from '../../src/models/refresh-token.model.js';
import { buildApp } from '../helpers/app.js';
import { uniqueEmail } from '../helpers/factories.js';
// feature:mail
import { mailingApp, startMailServer } from '../helpers/mail-server.js';
// /feature:mail
// feature:google
import { startTestProvider } from '../helpers/oauth-provider.js';
// /feature:google
import { listenOnFreePort } from '../helpers/server.js';
import { CHROMIUM, CHROMIUM_ARGS, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

describe('demo page in a real browser', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  before(async () => {
    ({ server, origin } = await listenOnFreePort(buildApp()));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Not signed in'), undefined, {
      timeout: 10_000,
    });
    assert.doesNotMatch((await page.textContent('#response')) ?? '', /HTTP\/1\.1 4|VALIDATION_FAILED/, 'no error body on first load');
    await screenshot(page, 'signed-out');

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
    await screenshot(page, 'signed-in');

    const expiry = (await page.textContent('#expiry')) ?? '';
    assert.match(expiry, /^Access token expires in 1[45]:\d\d/);
    await page.waitForFunction((before) => document.querySelector('#expiry')?.textContent !== before, expiry, { timeout: 5000 });

    await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
    await clickAndExpectStatus(page, '#me', `200 OK — token accepted, you are ${email}`);
    assert.equal(await page.textContent('#user'), email);
    assert.match((await page.textContent('#request')) ?? '', /Authorization: Bearer /);
    await openView(page, 'access-token');
    await screenshot(page, 'access-token');

    const claimsBefore = await page.textContent('#claims');
    await openView(page, 'refresh');
    await clickAndExpectStatus(page, '#refresh', '200 OK — refreshed: both tokens are new, the old refresh token is spent');
    assert.notEqual(await page.textContent('#claims'), claimsBefore, 'a new access token is shown after the refresh');
    await screenshot(page, 'refresh');

    await openView(page, 'sessions');
    await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
    assert.equal(await page.textContent('#user'), '');
    assert.equal(await page.textContent('#expiry'), 'No access token.');
    assert.ok(await page.isDisabled('#me'));

    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(stored, { local: 0, session: 0, cookie: '' }, 'tokens must live in memory only');

    // feature:google
    await openView(page, 'providers');
    await page.click('#google');
    await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-kind') === 'error' || location.pathname !== '/');
    assert.match((await page.textContent('#status')) ?? '', /^404 Not Found — (OAUTH_NOT_CONFIGURED|NOT_FOUND)/);

    // /feature:google
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('when a learner signs in, reloads and lists sessions, then the cookie keeps them signed in unseen by scripts, and a session ends from the list', async () => {
    const page = await browser.newPage();
    const laptop = await browser.newPage();
    const problems = watchForProblems(page, origin);
    const email = 'kay@example.com';
    const password = 'a passphrase for sessions';
    try {
      for (const [tab, button, expected] of [
        [page, '#register', `201 Created — registered ${email}`],
        [laptop, '#login', `200 OK — signed in as ${email}`],
      ] as const) {
        await tab.goto(`${origin}/`);
        await tab.fill('#email', email);
        await tab.fill('#password', password);
        await tab.fill('#name', 'Kay');
        await clickAndExpectStatus(tab, button, expected);
      }
      assert.doesNotMatch((await page.textContent('#response')) ?? '', /refresh_token/, 'no refresh token in the body');

      await page.reload();
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('restored'), undefined, {
        timeout: 10_000,
      });
      assert.equal(await page.textContent('#status'), '200 OK — session restored from the HttpOnly cookie');
      assert.equal(await page.textContent('#user'), email);
      // A reload enables what a signed-in person can do, with no click on "GET /auth/me" first.
      for (const control of ['#rename', '#delete-account']) assert.ok(await page.isEnabled(control), `${control} after reload`);
      // feature:mfa
      assert.ok(await page.isEnabled('#totp-setup'), 'two-step setup after reload');
      // /feature:mfa
      assert.equal(await page.inputValue('#profile-name'), 'Kay', 'the profile name is prefilled');
      await clickAndExpectStatus(page, '#me', `200 OK — token accepted, you are ${email}`);

      const cookies = await page.context().cookies();
      assert.deepEqual(
        cookies.map(({ name, httpOnly, sameSite, path }) => ({ name, httpOnly, sameSite, path })),
        [{ name: 'refresh_token', httpOnly: true, sameSite: 'Strict', path: '/auth' }],
      );
      await openView(page, 'sessions');
      await page.click('#cookie-check');
      assert.equal(await page.textContent('#cookie-view'), 'document.cookie = "" — no refresh token: the cookie is HttpOnly.');
      const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
      assert.deepEqual(stored, { local: 0, session: 0, cookie: '' });

      await clickAndExpectStatus(page, '#sessions', '200 OK — 2 live session(s)');
      const others = page.locator('#session-list li', { hasNotText: '(this session)' });
      assert.equal(await others.count(), 1);
      const listed = (await page.textContent('#session-list')) ?? '';
      assert.match(listed, /Chrome \d+ on Linux · /, 'the device, not the raw User-Agent');
      assert.doesNotMatch(listed, /Mozilla\/5\.0/);
      await screenshot(page, 'sessions');
      await others.getByRole('button', { name: 'End this session' }).click();
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('204'), undefined, { timeout: 10_000 });
      assert.equal(await page.textContent('#status'), '204 No Content — session ended: that device is signed out');
      assert.equal(await page.locator('#session-list li').count(), 1);

      await laptop.click('#me');
      await laptop.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('401'), undefined, { timeout: 10_000 });
      await openView(page, 'tokens');
      await clickAndExpectStatus(page, '#me', `200 OK — token accepted, you are ${email}`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      await laptop.close();
    }
  });

  it('when a learner deletes their account, then the first click only asks, and the second deletes it for good', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page, origin);
    try {
      const email = uniqueEmail('leaving');
      const password = 'a passphrase for leaving';
      await page.goto(`${origin}/`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
      await openView(page, 'profile');
      await page.fill('#delete-password', password);
      await clickAndExpectStatus(
        page,
        '#delete-account',
        'Deleting removes the account and everything of it, for good: click again within 10 s to go ahead.',
      );
      await screenshot(page, 'profile');
      await openView(page, 'tokens');
      await clickAndExpectStatus(page, '#me', `200 OK — token accepted, you are ${email}`);
      await openView(page, 'profile');
      await clickAndExpectStatus(page, '#delete-account', '204 No Content — the account and everything of it are gone');
      assert.equal(await page.textContent('#user'), '');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('when /docs is opened, then Swagger UI renders every operation with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page, origin);
    await page.goto(`${origin}/docs`);
    await page.waitForSelector('.opblock', { timeout: 15_000 });
    assert.ok((await page.locator('.opblock-summary', { hasText: '/auth/register' }).count()) > 0);
    await screenshot(page, 'docs');
    assert.deepEqual(problems, []);
    await page.close();
  });

  // feature:google
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
      await openView(page, 'providers');
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
      assert.ok(await page.isVisible('#google'), 'back on the view the sign-in started from');
      await screenshot(page, 'google');
      await openView(page, 'tokens');
      await clickAndExpectStatus(page, '#me', '200 OK — token accepted, you are grace@example.com');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      listening.server.close();
      await provider.stop();
    }
  });
  // /feature:google
  // feature:mail
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
      await openView(page, 'mail');
      await clickAndExpectStatus(page, '#verify-request', `202 Accepted — A verification link is on its way to ${email}.`);
      await page.goto(await newestLink(email));
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.endsWith('is verified'), undefined, {
        timeout: 10_000,
      });
      assert.equal(await page.textContent('#status'), `200 OK — ${email} is verified`);
      assert.equal(new URL(page.url()).hash, '#view=mail', 'the token is removed from the address bar, and the mail view is open');
      await screenshot(page, 'mail-verified');

      await page.fill('#forgot-email', email);
      await clickAndExpectStatus(
        page,
        '#forgot',
        '202 Accepted — If an account uses this email, a link to reset its password is on its way.',
      );
      await page.goto(await newestLink(email));
      await page.waitForSelector('#reset-form:not([hidden])');
      assert.equal(new URL(page.url()).hash, '#view=mail');
      assert.ok(await page.isVisible('#new-password'), 'the reset form is in view');
      await screenshot(page, 'mail-reset');
      await page.fill('#new-password', 'the second passphrase');
      await clickAndExpectStatus(
        page,
        '#reset',
        '204 No Content — password changed and every device signed out: log in with the new password',
      );
      assert.ok(await page.isHidden('#reset-form'));
      await openView(page, 'tokens');
      await page.fill('#email', email);
      await page.fill('#password', 'the second passphrase');
      await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
      listening.server.close();
      await mail.close();
    }
  });
  // /feature:mail

  describe('the token rules, step by step (1280×900)', () => {
    let context: BrowserContext;
    let page: Page;
    let problems: string[];
    beforeEach(async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
      page = await context.newPage();
      problems = watchForProblems(page, origin);
      await page.goto(`${origin}/`);
      await page.fill('#email', uniqueEmail());
      await page.fill('#password', 'correct horse battery staple');
      await page.click('#register');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('201 Created'));
    });
    afterEach(async () => {
      assert.deepEqual(problems, []);
      await context.close();
    });

    /** The refresh token of a body-delivered token response. */
    async function refreshTokenOf(response: PageResponse): Promise<string> {
      const { refresh_token: token } = (await response.json()) as { refresh_token?: string };
      assert.ok(token, 'a refresh token in the body');
      return token;
    }

    /** A token as the page shows it: its first 10 and last 6 characters (public/demo.js, abbreviate). */
    const shown = (token: string) => `${token.slice(0, 10)}…${token.slice(-6)} (${token.length} chars)`;

    /** The "What happened" status line is inside the window, wherever the page is scrolled. */
    async function assertStatusInView(): Promise<void> {
      const box = await page.locator('#status').boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 900, `the status line is at y=${box?.y}, outside the 900 px window`);
    }

    it('when a learner refreshes, then old and new tokens are compared side by side', async () => {
      await openView(page, 'refresh');
      await clickAndExpectStatus(page, '#refresh', '200 OK — refreshed: both tokens are new, the old refresh token is spent');
      const rows = await page.locator('#rotation tbody tr').allTextContents();
      assert.equal(rows.length, 3);
      assert.equal(rows[0], 'refresh tokenspent (HttpOnly cookie)new (HttpOnly cookie)');
      const jti = await page.locator('#rotation tbody tr:nth-child(2) td').allTextContents();
      assert.equal(jti.length, 2);
      assert.notEqual(jti[0], jti[1], 'the new access token has a new jti');
      await assertStatusInView();
      assert.ok(await page.isDisabled('#replay-refresh'), 'nothing to replay: the spent token was in the HttpOnly cookie');
      assert.match(
        (await page.textContent('#replay-note')) ?? '',
        /^Not with cookie delivery: the spent refresh token was in the HttpOnly cookie/,
      );
    });

    it('when a learner signed in with body delivery replays the refresh token a refresh spent, then the page shows REFRESH_TOKEN_REUSED and the newest refresh token refused too', async () => {
      const email = await page.inputValue('#email');
      await page.check('#delivery-body');
      const signedIn = page.waitForResponse((res) => res.url().endsWith('/auth/login'));
      await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
      const spent = await refreshTokenOf(await signedIn);
      assert.ok(await page.isDisabled('#replay-refresh'), 'nothing is spent before the first refresh');
      await openView(page, 'refresh');
      const refreshed = page.waitForResponse((res) => res.url().endsWith('/auth/refresh'));
      await clickAndExpectStatus(page, '#refresh', '200 OK — refreshed: both tokens are new, the old refresh token is spent');
      const newest = await refreshTokenOf(await refreshed);
      assert.equal(await page.textContent('#rotation tbody tr:first-child td'), `${shown(spent)} spent`);

      await clickAndExpectStatus(
        page,
        '#replay-refresh',
        '401 Unauthorized — REFRESH_TOKEN_REUSED: This refresh token was already used; every token of its session is now revoked. ' +
          'Then the newest refresh token is refused too (401 Unauthorized — INVALID_REFRESH_TOKEN: The refresh token is unknown, expired or revoked.): signed out.',
      );
      assert.equal(await page.locator('#earlier li').count(), 1, 'the replay stays on screen above the refresh that followed it');
      const [replayRequest, replayResponse] = await page.locator('#earlier li pre').allTextContents();
      assert.match(replayRequest ?? '', /^POST \/auth\/refresh HTTP\/1\.1/);
      assert.ok(replayRequest?.includes(`"refresh_token": "${shown(spent)}"`), 'the replay sends the spent token');
      assert.match(replayResponse ?? '', /^HTTP\/1\.1 401 Unauthorized[^]*"code": "REFRESH_TOKEN_REUSED"/);
      assert.match((await page.textContent('#earlier .why')) ?? '', /ends the whole session/);
      assert.ok((await page.textContent('#request'))?.includes(`"refresh_token": "${shown(newest)}"`), 'then the newest token');
      assert.match((await page.textContent('#response')) ?? '', /^HTTP\/1\.1 401 Unauthorized[^]*"code": "INVALID_REFRESH_TOKEN"/);
      assert.equal(await page.textContent('#user'), '', 'signed out');
      assert.ok(await page.isDisabled('#replay-refresh'));
      await screenshot(page, 'refresh-reuse');

      // Outside the page: the newest token is revoked in the database and refused over HTTP.
      const stored = await RefreshTokenModel.findOne({ tokenHash: hashToken(newest) }).lean();
      assert.ok(stored?.revokedAt instanceof Date, 'the newest refresh token is revoked');
      const again = await fetch(`${origin}/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: newest }),
      });
      assert.equal(again.status, 401);
      assert.equal(((await again.json()) as { code?: string }).code, 'INVALID_REFRESH_TOKEN');
    });

    it('when a learner logs out, then the logged-out access token is tried and the page shows it refused at once (its session ended)', async () => {
      await openView(page, 'sessions');
      await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
      await page.click('#old-access');
      await page.waitForFunction(() => document.querySelector('#old-access-result')?.textContent !== '');
      const result = (await page.textContent('#old-access-result')) ?? '';
      assert.match((await page.textContent('#request')) ?? '', /^GET \/auth\/me HTTP\/1\.1\n.*\nAuthorization: Bearer /);
      assert.match((await page.textContent('#response')) ?? '', /^HTTP\/1\.1 401/);
      assert.match(result, /^The logged-out access token: refused at once \(401 Unauthorized/);
      await assertStatusInView();
      await screenshot(page, 'logout');
    });

    it('when the copy button is pressed, then the clipboard holds the access token in full; the refresh token has none (HttpOnly)', async () => {
      await openView(page, 'access-token');
      await page.click('#copy-access');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Copied the access token'));
      const access = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(access, /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a whole JWT, not its abbreviation');
      assert.equal(await page.locator('#copy-refresh').count(), 0);
      // The copied access token is the session's: /auth/me accepts it from outside the page.
      const me = await fetch(`${origin}/auth/me`, { headers: { authorization: `Bearer ${access}` } });
      assert.equal(me.status, 200);
    });

    // feature:mail
    it('when a learner asks for a reset link in the mail view, then it is for the email typed to sign in, and the exchange is in view beside it; the favicon loads', async () => {
      const favicon = await page.evaluate(async () => (await fetch('/favicon.svg')).status);
      assert.equal(favicon, 200);
      const email = await page.inputValue('#email');
      await openView(page, 'mail');
      assert.equal(await page.inputValue('#forgot-email'), email, 'the sign-in form typed it');
      await page.locator('#forgot').scrollIntoViewIfNeeded();
      await clickAndExpectStatus(
        page,
        '#forgot',
        '202 Accepted — If an account uses this email, a link to reset its password is on its way.',
      );
      assert.ok((await page.textContent('#request'))?.includes(`"email": "${email}"`), 'the request names that email');
      await assertStatusInView();
      const response = await page.locator('#response').boundingBox();
      assert.ok(response && response.y < 900, 'the response pane starts inside the window');
      await screenshot(page, 'mail-forgot');
    });
    // /feature:mail
  });
});
