// feature-file:admin — the demo page's admin panel in a real browser (npm run feature:remove -- admin deletes this file).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
// feature:mfa
import { UserModel } from '../../src/models/user.model.js';
// /feature:mfa
import { userRole } from '../helpers/user-role.js';
import { browserSuite, clickAndExpectStatus, openView, screenshot, watchForProblems } from './browser.js';

const PASSWORD = 'correct horse battery staple';

describe('admin panel in a real browser', () => {
  const suite = browserSuite();

  async function register(email: string): Promise<void> {
    const res = await fetch(`${suite.origin}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    assert.equal(res.status, 201);
  }

  async function signIn(email: string): Promise<Page> {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.origin}/`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await clickAndExpectStatus(page, '#login', `200 OK — signed in as ${email}`);
    return page;
  }

  it('when an admin made by the CLI pages through users and disables one, then that user is signed out at once', async function () {
    this.timeout(120_000);
    await register('root@example.com');
    await register('victim@example.com');
    for (let i = 0; i < 12; i += 1) await register(`member-${i}@example.com`);
    const { stdout } = await userRole('root@example.com', 'admin');
    assert.match(stdout, /^root@example\.com is now admin/);

    const victim = await signIn('victim@example.com');
    const victimProblems = watchForProblems(victim, suite.origin);
    await openView(victim, 'admin');
    assert.ok(await victim.isHidden('#admin'), 'a user sees no admin panel');
    await openView(victim, 'profile');
    await victim.fill('#profile-name', 'Vic');
    await clickAndExpectStatus(victim, '#rename', '200 OK — your name is now Vic');

    const admin = await signIn('root@example.com');
    const problems = watchForProblems(admin, suite.origin);
    await openView(admin, 'admin');
    assert.ok(await admin.isVisible('#admin'));
    await clickAndExpectStatus(admin, '#admin-list', '200 OK — page 1 of the users, newest first');
    assert.equal(await admin.locator('#admin-users tr').count(), 10);
    assert.equal(await admin.textContent('#admin-users tr:first-child td:first-child'), 'member-11@example.com');
    await clickAndExpectStatus(admin, '#admin-next', '200 OK — page 2 of the users, newest first');
    assert.equal(await admin.textContent('#admin-page'), 'Page 2: 4 users (last page)');
    assert.ok(await admin.isDisabled('#admin-next'));
    // What a person sees at 1280×800: every header cell and every row's button, scrolled to the middle of
    // the window, is what the point at its centre hits (no panel lies over it).
    await admin.setViewportSize({ width: 1280, height: 800 });
    const covered = await admin.evaluate(() =>
      Array.from(document.querySelectorAll('#admin thead th, #admin-users button')).flatMap((element) => {
        element.scrollIntoView({ block: 'center', inline: 'center' });
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const inView = box.right <= window.innerWidth && box.bottom <= window.innerHeight && box.left >= 0 && box.top >= 0;
        return inView && hit !== null && element.contains(hit)
          ? []
          : [`${element.textContent ?? ''} (hit: ${hit === null ? 'nothing' : hit.tagName + (hit.className ? '.' + hit.className : '')})`];
      }),
    );
    assert.deepEqual(covered, [], 'admin table cells a person cannot see or click');
    const row = admin.locator('#admin-users tr', { hasText: 'victim@example.com' });
    assert.equal(await row.locator('td').nth(1).textContent(), 'Vic');
    await row.locator('button').click();
    await admin.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('disabled'), undefined, { timeout: 10_000 });
    assert.equal(
      await admin.textContent('#status'),
      '200 OK — victim@example.com disabled: every session and access token of theirs stopped working',
    );
    assert.equal(await row.locator('td').nth(3).textContent(), 'disabled');
    await screenshot(admin, 'admin');

    await openView(victim, 'tokens');
    await victim.click('#me');
    await victim.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-kind') === 'error', undefined, {
      timeout: 10_000,
    });
    assert.match((await victim.textContent('#status')) ?? '', /^401 Unauthorized — UNAUTHORIZED/);
    await openView(victim, 'refresh');
    await victim.click('#refresh');
    await victim.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('session cleared'), undefined, {
      timeout: 10_000,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      victimProblems.filter(
        (problem) => !problem.startsWith('console: Failed to load resource: the server responded with a status of 401'),
      ),
      [],
    );
    await Promise.all([admin.close(), victim.close()]);
  });

  // feature:mfa
  it('when a user lost their authenticator, then an admin turns their two-step sign-in off from the list and the password alone signs in', async function () {
    this.timeout(60_000);
    await register('root@example.com');
    await userRole('root@example.com', 'admin');
    await register('lost-phone@example.com');
    await UserModel.updateOne({ email: 'lost-phone@example.com' }, { $set: { mfaEnabled: true } });
    const login = () =>
      fetch(`${suite.origin}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'lost-phone@example.com', password: PASSWORD }),
      });
    assert.equal((await login()).status, 403, 'MFA_REQUIRED before');

    const admin = await signIn('root@example.com');
    const problems = watchForProblems(admin, suite.origin);
    await openView(admin, 'admin');
    await admin.fill('#admin-filter', 'lost-phone');
    await clickAndExpectStatus(admin, '#admin-list', '200 OK — page 1 of the users, newest first');
    const row = admin.locator('#admin-users tr', { hasText: 'lost-phone@example.com' });
    await clickAndExpectStatus(
      admin,
      '#admin-users tr button:has-text("Turn off two-step sign-in")',
      '200 OK — lost-phone@example.com two-step sign-in is off: the password alone signs in',
    );
    assert.equal(await row.locator('button').count(), 1, 'only Disable is left');
    assert.equal((await login()).status, 200);
    assert.deepEqual(problems, []);
    await admin.close();
  });
  // /feature:mfa
});
