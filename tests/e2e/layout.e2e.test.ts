import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { uniqueEmail } from '../helpers/factories.js';
// feature:admin
import { userRole } from '../helpers/user-role.js';
// /feature:admin
import { browserSuite, clickAndExpectStatus, DESKTOP, openView, PHONE, screenshot, watchForProblems } from './browser.js';

const PASSWORD = 'correct horse battery staple';

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

describe('demo page layout: one flow at a time', () => {
  const suite = browserSuite();

  /** A new page, signed in (as an admin, so that the admin view shows its controls too), on the first view. */
  async function signedInPage(): Promise<{ page: Page; problems: string[] }> {
    const email = uniqueEmail('layout');
    const registered = await fetch(`${suite.origin}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    assert.equal(registered.status, 201);
    // feature:admin
    await userRole(email, 'admin');
    // /feature:admin
    const page = await suite.browser.newPage({ viewport: DESKTOP });
    const problems = watchForProblems(page, suite.origin);
    await page.goto(`${suite.origin}/`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
    return { page, problems };
  }

  /** The views the navigation offers, in its order: a switched-off or removed feature's is not there. */
  const viewNames = (page: Page) =>
    page.locator('.flows a:visible').evaluateAll((links) => links.map((link) => link.getAttribute('href')?.replace('#view=', '') ?? ''));

  it('when each view is open at 1280×800, then its why, the request and the response are side by side, all inside the window', async () => {
    const { page, problems } = await signedInPage();
    try {
      const names = await viewNames(page);
      assert.ok(names.length >= 5, `the navigation lists the flows (${names.join(', ')})`);
      const misplaced: string[] = [];
      for (const name of names) {
        await openView(page, name);
        assert.equal(await page.locator(`.view[data-view="${name}"] .lead`).count(), 1, `${name}: one short why`);
        const [why, request, response] = await page.evaluate(
          (name) =>
            [`.view[data-view="${name}"] .lead`, '#request', '#response'].map((selector): Box => {
              const { left, right, top, bottom } = document.querySelector(selector)?.getBoundingClientRect() ?? new DOMRect();
              return { left, right, top, bottom };
            }),
          name,
        );
        const outside = Object.entries({ why, request, response }).filter(
          ([, box]) => !box || box.left < 0 || box.top < 0 || box.right > DESKTOP.width || box.bottom > DESKTOP.height,
        );
        if (outside.length > 0) misplaced.push(`${name}: ${outside.map(([part, box]) => `${part} at ${JSON.stringify(box)}`).join(', ')}`);
        // Side by side, in reading order: the why, then the request, then the response, none over another.
        if (!why || !request || !response || why.right > request.left || request.right > response.left) {
          misplaced.push(`${name}: not side by side (${JSON.stringify({ why, request, response })})`);
        }
      }
      assert.deepEqual(misplaced, [], 'views whose why, request and response are not seen at once');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('when each view is open at 390×844, then the page never scrolls sideways and a tap at the centre of the view’s first button hits it', async () => {
    const { page, problems } = await signedInPage();
    try {
      await page.setViewportSize(PHONE);
      // feature:admin
      // The widest thing a view shows, the user table, listed: it must scroll in its own box, not the page.
      await openView(page, 'admin');
      await clickAndExpectStatus(page, '#admin-list', '200 OK — page 1 of the users, newest first');
      // /feature:admin
      const unusable: string[] = [];
      for (const name of await viewNames(page)) {
        await openView(page, name);
        const found = await page.evaluate((name) => {
          const width = document.documentElement.scrollWidth;
          const view = document.querySelector(`.view[data-view="${name}"]`);
          const button = Array.from(view?.querySelectorAll('button, a.button') ?? []).find((element) => element.checkVisibility());
          if (!button) return { width, button: 'none visible', hit: null };
          button.scrollIntoView({ block: 'center' });
          const box = button.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          const inView = box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight;
          return {
            width,
            button: button.textContent ?? '',
            hit: inView && hit !== null && button.contains(hit) ? 'it' : (hit?.outerHTML.slice(0, 80) ?? 'nothing'),
          };
        }, name);
        if (found.width > PHONE.width) unusable.push(`${name}: the page is ${found.width} px wide`);
        if (found.hit !== 'it') unusable.push(`${name}: "${found.button}" is not what a tap hits (${found.hit})`);
      }
      assert.deepEqual(unusable, [], 'views a phone cannot use');
      await openView(page, 'tokens');
      await screenshot(page, 'tokens-390', { size: PHONE, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('when a learner opens a view from the keyboard, then focus moves into it, a reload keeps it and Back returns to the one before', async () => {
    const { page, problems } = await signedInPage();
    try {
      await page.focus('.flows a[href="#view=refresh"]');
      await page.keyboard.press('Enter');
      await page.locator('.view[data-view="refresh"]').waitFor({ state: 'visible' });
      assert.equal(new URL(page.url()).hash, '#view=refresh');
      assert.ok(await page.isHidden('.view[data-view="tokens"]'), 'one view at a time');
      assert.equal(await page.getAttribute('.flows a[href="#view=refresh"]', 'aria-current'), 'page');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'refresh-heading', 'focus is on the view it opened');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'refresh', "the next Tab reaches the view's first button");

      await page.reload();
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('restored'));
      assert.ok(await page.isVisible('#refresh'), 'the reload keeps the view');
      await page.goBack();
      await page.locator('.view[data-view="tokens"]').waitFor({ state: 'visible' });
      assert.ok(await page.isHidden('#refresh'));
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
