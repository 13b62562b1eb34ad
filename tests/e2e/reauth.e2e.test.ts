// feature-file:mfa — the step-up prompt, reached through TOTP set-up (npm run feature:remove -- mfa deletes this file).
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { uniqueEmail } from '../helpers/factories.js';
import { TEST_REAUTH_MAX_AGE_SECONDS } from '../helpers/reauth.js';
import { browserSuite, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

describe('demo page: recent authentication', () => {
  const suite = browserSuite({ REAUTH_MAX_AGE: `${TEST_REAUTH_MAX_AGE_SECONDS}s` });

  it('when a sign-in is older than REAUTH_MAX_AGE and TOTP set-up is asked, then the page explains, asks for the password and retries once', async () => {
    const page = await suite.browser.newPage();
    const problems = watchForProblems(page, suite.origin);
    await page.goto(`${suite.origin}/`);
    const email = uniqueEmail('stepup');
    await page.fill('#email', email);
    await page.fill('#password', 'correct horse battery staple');
    await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
    await delay(TEST_REAUTH_MAX_AGE_SECONDS * 1000 + 200);

    await openView(page, 'two-step');
    await clickAndExpectStatus(
      page,
      '#totp-setup',
      '401 REAUTHENTICATION_REQUIRED — this changes a way into your account: prove it is you again',
    );
    assert.ok(await page.isVisible('#reauth-why'), 'the page says why');
    assert.ok(!(await page.isVisible('#reauth-code')), 'no code field for an account without MFA');
    await screenshot(page, 'step-up', { show: '#reauth-form' });
    await page.fill('#reauth-password', 'correct horse battery staple');
    await clickAndExpectStatus(
      page,
      '#reauth-submit',
      '200 OK — scan the QR code with an authenticator app, then enter its first code and turn it on',
    );
    assert.ok(await page.isVisible('#totp-qr-figure'));
    assert.ok(!(await page.isVisible('#reauth-form')));
    assert.deepEqual(problems, []);
  });
});
