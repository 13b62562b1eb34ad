import assert from 'node:assert/strict';
import { FEATURES } from '../helpers/app.js';
import { browserSuite, screenshot, watchForProblems } from './browser.js';

// Every installed feature switched off at once, so the test reads the same after any `feature:remove`:
// each part of the page that names a feature's route goes, and the core's password sign-in stays.
const everyFeature = FEATURES.map((feature) => feature.name).join(',');

describe('demo page with features switched off (DISABLED_FEATURES)', () => {
  const suite = browserSuite({ DISABLED_FEATURES: everyFeature });

  it('when every feature is off, then every part of the page that uses one is hidden and sign-in stays', async () => {
    const page = await suite.browser.newPage();
    const problems = watchForProblems(page, suite.origin);
    await page.goto(`${suite.origin}/`);
    await page.waitForFunction(() => document.querySelector('[data-feature-off]') !== null);
    const parts = await page.locator('[data-route]').all();
    assert.ok(parts.length > 0, 'the page marks the parts that use a feature');
    for (const part of parts) {
      assert.ok(await part.isHidden(), `${await part.getAttribute('data-route')} is hidden`);
    }
    assert.ok(await page.isVisible('#login'), 'password sign-in stays');
    assert.ok(await page.isVisible('#register'), 'registration stays');
    await screenshot(page, 'features-off');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
