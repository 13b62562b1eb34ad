import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { uniqueEmail } from '../helpers/factories.js';
import { deployedKeys, newSigningKey } from '../helpers/signing-keys.js';
import { browserSuite, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

/** Registers on the demo page and clicks "Verify the signature"; resolves with the verdict shown, pictured as `view`. */
async function verdictAfterRegister(browser: Browser, origin: string, view: string): Promise<string> {
  const page = await browser.newPage();
  const problems = watchForProblems(page, origin);
  try {
    const email = uniqueEmail('sig');
    await page.goto(`${origin}/`);
    await page.fill('#email', email);
    await page.fill('#password', 'a passphrase for signatures');
    await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
    await openView(page, 'access-token');
    await page.click('#verify-signature');
    await page.waitForFunction(() => (document.querySelector('#signature-verdict')?.textContent ?? '') !== '', undefined, {
      timeout: 10_000,
    });
    await screenshot(page, view);
    assert.deepEqual(problems, []);
    return (await page.textContent('#signature-verdict')) ?? '';
  } finally {
    await page.close();
  }
}

describe('demo page: verifying the access token as another service would', () => {
  describe('with JWT_SIGNING_KEYS (ES256)', () => {
    const suite = browserSuite(deployedKeys(newSigningKey('demo-key')));
    it("when the learner clicks verify, then the browser fetches the JWKS and Web Crypto accepts the signature with the kid's key", async () => {
      const verdict = await verdictAfterRegister(suite.browser, suite.origin, 'signature-es256');
      assert.match(verdict, /^Signature verified in this browser with key "demo-key" from \/\.well-known\/jwks\.json/);
    });
  });

  describe('with HS256 (the default)', () => {
    const suite = browserSuite();
    it('when the learner clicks verify, then the page says why no one without the secret can', async () => {
      const verdict = await verdictAfterRegister(suite.browser, suite.origin, 'signature-hs256');
      assert.match(verdict, /^HS256: signed with JWT_SECRET, a shared secret/);
    });
  });
});
