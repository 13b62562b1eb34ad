import assert from 'node:assert/strict';
import type { RequestListener } from 'node:http';
// feature:mfa
import { Secret, TOTP } from 'otpauth';
// /feature:mfa
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../helpers/app.js';
import { listenOnFreePort, type Listening } from '../helpers/server.js';
import { CHROMIUM, CHROMIUM_ARGS, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

// feature:passkeys
import type { Page } from 'playwright-core';

/**
 * Gives the page a virtual platform authenticator through the DevTools protocol's WebAuthn domain:
 * CTAP2, built in, holds discoverable credentials, verifies its user. Returns a reader of its credentials.
 */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
}

/**
 * Clicks `button`, whose passkey step asks `<path>/options` for a challenge, and checks that the page shows
 * that exchange, challenge included, above the `<path>/verify` one, whose clientDataJSON carries the same
 * challenge. Returns the options the server answered.
 */
async function expectChallengeBeforeVerify(page: Page, button: string, path: string, status: string): Promise<Record<string, unknown>> {
  const answered = page.waitForResponse((res) => res.url().endsWith(`${path}/options`));
  await clickAndExpectStatus(page, button, status);
  const options = (await (await answered).json()) as Record<string, unknown>;
  const challenge = options.challenge;
  assert.ok(typeof challenge === 'string' && challenge.length >= 16, 'a random challenge');
  assert.equal(await page.locator('#earlier li').count(), 1, 'the options exchange is kept on screen');
  const [request = '', response = ''] = await page.locator('#earlier li pre').allTextContents();
  assert.match(request, new RegExp(`^POST ${path}/options HTTP/1\\.1`));
  assert.match(response, /^HTTP\/1\.1 200 OK/);
  assert.ok(response.includes(`"challenge": "${challenge}"`), 'the challenge is shown');
  assert.match((await page.textContent('#earlier .why')) ?? '', /^First the challenge: random, single use, 5 minutes/);
  assert.match((await page.textContent('#request')) ?? '', new RegExp(`^POST ${path}/verify HTTP/1\\.1`));
  assert.ok((await page.textContent('#why'))?.includes(`"challenge":"${challenge}"`), 'verify carries the challenge above');
  const verifyFollows = await page.evaluate(() => {
    const [earlier, request] = [document.querySelector('#earlier'), document.querySelector('#request')];
    return earlier !== null && request !== null && (earlier.compareDocumentPosition(request) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  });
  assert.ok(verifyFollows, 'the options exchange is above the verify one');
  return options;
}
// /feature:passkeys

// feature:mfa
/** The TOTP code of `secret` at `stepOffset` time steps from now, computed here from the secret. */
const totp = (secret: string, stepOffset: number) =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + stepOffset * 30_000 });
// /feature:mfa

describe('second factors in a real browser', () => {
  let browser: Browser;
  let listening: Listening;
  let origin: string;

  before(async () => {
    // WebAuthn wants a host name, not an IP: the page is opened on localhost, the relying party's id.
    let app: RequestListener = (_req, res) => res.end();
    listening = await listenOnFreePort((req, res) => app(req, res));
    origin = listening.origin.replace('127.0.0.1', 'localhost');
    app = buildApp({ APP_URL: `${origin}/` });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    listening?.server.close();
  });

  // feature:mfa
  it('when a learner turns TOTP on from the QR code page, then the next sign-in asks for a code and accepts it', async () => {
    const page = await browser.newPage();
    const problems = watchForProblems(page, origin);
    try {
      const email = 'totp@example.com';
      const password = 'a passphrase for totp';
      await page.goto(`${origin}/`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
      await openView(page, 'two-step');
      await clickAndExpectStatus(
        page,
        '#totp-setup',
        '200 OK — scan the QR code with an authenticator app, then enter its first code and turn it on',
      );
      assert.match((await page.getAttribute('#totp-qr', 'src')) ?? '', /^data:image\/gif;base64,/);
      assert.ok(await page.isVisible('#totp-qr'));
      const secret = (await page.textContent('#totp-secret')) ?? '';
      await page.fill('#mfa-code', totp(secret, -1));
      await clickAndExpectStatus(page, '#totp-enable', '200 OK — two-step sign-in is on: keep the recovery codes somewhere safe');
      const recovery = (await page.textContent('#recovery-list')) ?? '';
      assert.equal(recovery.split('\n').filter((line) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(line)).length, 10);
      assert.equal(await page.inputValue('#mfa-code'), '', 'the spent code is cleared');
      await screenshot(page, 'two-step');

      await openView(page, 'sessions');
      await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
      assert.ok(await page.isHidden('#recovery-list'), 'the recovery codes are gone after logout');
      assert.doesNotMatch((await page.textContent('#recovery-list')) ?? '', /[a-z2-9]{5}-[a-z2-9]{5}/);
      await openView(page, 'tokens');
      await clickAndExpectStatus(
        page,
        '#login',
        '403 Forbidden — MFA_REQUIRED: the password was right; enter a code from your app (or a recovery code) and finish signing in',
      );
      assert.equal(await page.textContent('#user'), '');
      assert.ok(await page.isVisible('#mfa-code'), 'the sign-in goes on in the two-step view');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'mfa-code');
      await screenshot(page, 'two-step-sign-in');
      await page.fill('#mfa-code', totp(secret, 0));
      await clickAndExpectStatus(page, '#mfa-login', `200 OK — signed in as ${email} with two steps`);
      assert.equal(await page.textContent('#user'), email);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
  // /feature:mfa

  // feature:passkeys
  it('when a learner adds a passkey, signs out and signs in with it, then no email is typed; a browser without it cannot; once deleted it no longer signs in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page, origin);
    const credentials = await addVirtualAuthenticator(page);
    try {
      const email = 'passkey@example.com';
      await page.goto(`${origin}/`);
      await page.fill('#email', email);
      await page.fill('#password', 'a passphrase for passkeys');
      await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
      await openView(page, 'passkeys');
      await page.fill('#passkey-name', 'Virtual laptop');
      const creationOptions = await expectChallengeBeforeVerify(
        page,
        '#passkey-add',
        '/auth/passkeys/register',
        '201 Created — passkey "Virtual laptop" added: you can now sign in with it, no email needed',
      );
      assert.deepEqual(creationOptions.excludeCredentials, [], 'no passkey yet to exclude');
      assert.match(
        (await page.locator('#earlier li pre').nth(1).textContent()) ?? '',
        /"excludeCredentials": \[\][^]*"userVerification": "required"/,
      );
      await screenshot(page, 'passkey-added');
      const [credential, ...more] = await credentials();
      assert.equal(more.length, 0);
      assert.equal(credential?.isResidentCredential, true, 'a discoverable credential');
      assert.equal(credential?.rpId, 'localhost');

      await openView(page, 'sessions');
      await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
      await openView(page, 'tokens');
      await page.fill('#email', '');
      await page.fill('#password', '');
      await openView(page, 'passkeys');
      let assertion: string | undefined;
      page.on('request', (req) => {
        if (req.url().endsWith('/auth/passkeys/login/verify')) assertion = req.postData() ?? undefined;
      });
      const signInOptions = await expectChallengeBeforeVerify(
        page,
        '#passkey-login',
        '/auth/passkeys/login',
        `200 OK — signed in as ${email} with a passkey`,
      );
      assert.equal(signInOptions.rpId, 'localhost');
      assert.equal(signInOptions.allowCredentials, undefined, 'the authenticator offers its own passkeys: no email typed');
      assert.equal(await page.textContent('#user'), email);
      assert.ok(((await credentials())[0]?.signCount ?? 0) >= 1, 'the authenticator counted the use');
      await screenshot(page, 'passkey-sign-in');

      // The browser's real assertion, sent again: its challenge is spent.
      const replay = await page.evaluate(
        async (body) =>
          (await fetch('/auth/passkeys/login/verify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status,
        assertion ?? '',
      );
      assert.equal(replay, 401);
      assert.deepEqual(problems, []);

      const stranger = await browser.newContext();
      const other = await stranger.newPage();
      await addVirtualAuthenticator(other);
      await other.goto(`${origin}/`);
      await openView(other, 'passkeys');
      await other.click('#passkey-login');
      await other.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-kind') === 'error', undefined, {
        timeout: 20_000,
      });
      assert.match((await other.textContent('#status')) ?? '', /^The browser did not complete the passkey step: NotAllowedError/);
      assert.equal(await other.textContent('#user'), '');
      await stranger.close();

      // The learner lists the passkey and deletes it: the authenticator still holds it, the server no longer does.
      await clickAndExpectStatus(page, '#passkey-list', '200 OK — 1 passkey(s)');
      assert.match((await page.textContent('#passkeys')) ?? '', /^Virtual laptop — added .+, last used .+Delete$/);
      await clickAndExpectStatus(page, '#passkeys button', '204 No Content — passkey "Virtual laptop" deleted: it no longer signs in');
      assert.equal(await page.locator('#passkeys li').count(), 0);
      await page.click('#passkey-login');
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('401'), undefined, { timeout: 20_000 });
      assert.match((await page.textContent('#status')) ?? '', /^401 Unauthorized — INVALID_PASSKEY/);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
  // /feature:passkeys
});
