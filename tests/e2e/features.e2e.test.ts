import assert from 'node:assert/strict';
import { browserSuite, watchForProblems } from './browser.js';

describe('demo page with features switched off (DISABLED_FEATURES)', () => {
  const suite = browserSuite({ DISABLED_FEATURES: 'google,passkeys' });

  it('when Google and passkeys are off, then their parts of the page are gone and the rest is there', async () => {
    const page = await suite.browser.newPage();
    const problems = watchForProblems(page, suite.origin);
    await page.goto(`${suite.origin}/`);
    await page.waitForSelector('[data-route="/auth/passkeys"]', { state: 'hidden' });
    assert.ok(await page.isHidden('#google'), 'the Google button');
    assert.ok(await page.isHidden('#passkey-login'), 'the passkey sign-in');
    assert.ok(await page.isVisible('#login'), 'password sign-in stays');
    assert.ok(await page.isVisible('#totp-setup'), 'TOTP stays');
    assert.ok(await page.isVisible('#forgot'), 'the mailed links stay');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
