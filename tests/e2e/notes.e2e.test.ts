// feature-file:notes — the demo page's "Your notes" in a real browser (npm run feature:remove -- notes deletes this file).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSuite, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

const PASSWORD = 'correct horse battery staple';

describe('notes on the demo page in a real browser', () => {
  const suite = browserSuite();

  /** A new page, registered as `email`, on the notes view. */
  async function registerOnPage(email: string): Promise<Page> {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.origin}/`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await clickAndExpectStatus(page, '#register', `201 Created — registered ${email}`);
    await openView(page, 'notes');
    return page;
  }

  const titles = (page: Page) => page.locator('#notes li strong').allTextContents();

  it('when a learner adds two notes and deletes one, then the list is newest first and another user sees none of them', async function () {
    this.timeout(60_000);
    const page = await registerOnPage('writer@example.com');
    const problems = watchForProblems(page, suite.origin);
    assert.ok(await page.isVisible('#note-form'));

    await page.fill('#note-title', 'Shopping');
    await page.fill('#note-body', 'Milk, eggs, a new notebook.');
    await clickAndExpectStatus(page, '#note-add', '201 Created — note "Shopping" added');
    assert.match((await page.textContent('#request')) ?? '', /^POST \/notes HTTP\/1\.1/);
    assert.equal(await page.inputValue('#note-title'), '', 'the form is cleared');
    await page.fill('#note-title', 'Call <b>Grace</b>');
    await clickAndExpectStatus(page, '#note-add', '201 Created — note "Call <b>Grace</b>" added');
    assert.deepEqual(await titles(page), ['Call <b>Grace</b>', 'Shopping'], 'a title is text, never HTML');

    await clickAndExpectStatus(page, '#notes-list', '200 OK — page 1 of your notes, newest first: 2 note(s)');
    assert.deepEqual(await titles(page), ['Call <b>Grace</b>', 'Shopping']);
    assert.match((await page.textContent('#notes li:last-child')) ?? '', /Milk, eggs, a new notebook\./);
    assert.equal(await page.textContent('#notes-page'), 'Page 1: 2 note(s) (last page)');
    assert.ok(await page.isDisabled('#notes-next'));

    const shopping = page.locator('#notes li', { hasText: 'Shopping' });
    await clickAndExpectStatus(page, '#notes li:has-text("Shopping") button', '204 No Content — note "Shopping" deleted');
    assert.equal(await shopping.count(), 0);
    await clickAndExpectStatus(page, '#notes-list', '200 OK — page 1 of your notes, newest first: 1 note(s)');
    assert.deepEqual(await titles(page), ['Call <b>Grace</b>']);
    await screenshot(page, 'notes');

    const other = await registerOnPage('reader@example.com');
    const otherProblems = watchForProblems(other, suite.origin);
    await clickAndExpectStatus(other, '#notes-list', '200 OK — page 1 of your notes, newest first: 0 note(s)');
    assert.equal(await other.locator('#notes li').count(), 0);

    await openView(page, 'sessions');
    await clickAndExpectStatus(page, '#logout', '204 No Content — logged out');
    assert.equal(await page.locator('#notes li').count(), 0, 'signing out clears the list');
    assert.ok(await page.isDisabled('#note-add'));
    assert.deepEqual(problems, []);
    assert.deepEqual(otherProblems, []);
    await Promise.all([page.close(), other.close()]);
  });

  it('when a learner has more notes than a page holds, then "Next page" shows the older ones', async function () {
    this.timeout(60_000);
    const page = await registerOnPage('many@example.com');
    const problems = watchForProblems(page, suite.origin);
    for (let i = 1; i <= 7; i += 1) {
      await page.fill('#note-title', `Note ${i}`);
      await clickAndExpectStatus(page, '#note-add', `201 Created — note "Note ${i}" added`);
    }
    await clickAndExpectStatus(page, '#notes-list', '200 OK — page 1 of your notes, newest first: 5 note(s)');
    assert.deepEqual(await titles(page), ['Note 7', 'Note 6', 'Note 5', 'Note 4', 'Note 3']);
    await clickAndExpectStatus(page, '#notes-next', '200 OK — page 2 of your notes, newest first: 2 note(s)');
    assert.deepEqual(await titles(page), ['Note 2', 'Note 1']);
    assert.equal(await page.textContent('#notes-page'), 'Page 2: 2 note(s) (last page)');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
