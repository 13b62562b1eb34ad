import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../helpers/app.js';
import { listenOnFreePort } from '../helpers/server.js';

// Debian's chromium (apt-get install chromium): playwright never downloads a browser here.
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// CI uploads this folder (.github/workflows/ci.yml): a picture of each view of the demo page, to review a change by.
const SCREENSHOTS = 'artifacts/screenshots';
/** The window the demo page is laid out for: its views side by side with their exchange. */
export const DESKTOP = { width: 1280, height: 800 };
/** A phone held upright: the views stacked. */
export const PHONE = { width: 390, height: 844 };

/**
 * Writes what a person sees to artifacts/screenshots/<name>.png: at `size` (1280×800 unless given), with `show`
 * (a selector, when given) scrolled to the top of the window, the whole page when `fullPage`; the page's own
 * window size is put back afterwards.
 */
export async function screenshot(
  page: Page,
  name: string,
  { show, size = DESKTOP, fullPage = false }: { show?: string; size?: { width: number; height: number }; fullPage?: boolean } = {},
): Promise<void> {
  const before = page.viewportSize();
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.setViewportSize(size);
  // The demo page's sticky exchange panel scrolls on its own: back to its top (the status line), unless
  // `show` is inside it, so an earlier picture of a long exchange does not hide the next step's status.
  await page.evaluate(() => document.querySelector('.output')?.scrollTo(0, 0));
  if (show) await page.locator(show).evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage });
  if (before) await page.setViewportSize(before);
}

/** Opens one view of the demo page as a learner does: a click on its entry in the navigation (the link to #view=<name>). */
export async function openView(page: Page, name: string): Promise<void> {
  await page.click(`.flows a[href="#view=${name}"]`, { timeout: 10_000 });
  await page.locator(`.view[data-view="${name}"]`).waitFor({ state: 'visible', timeout: 10_000 });
}

/** Collects what must never happen on our pages: CSP violations, uncaught errors, console errors, foreign requests. */
export function watchForProblems(page: Page, ...origins: string[]): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx the page asked for on purpose (the Google check without credentials) is not a page error.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('request', (req) => {
    if (![...origins, 'data:'].some((allowed) => req.url().startsWith(allowed))) problems.push(`request to another origin: ${req.url()}`);
  });
  return problems;
}

/** Clicks a button and waits for the status line to read `expected` exactly. */
export async function clickAndExpectStatus(page: Page, selector: string, expected: string): Promise<void> {
  await page.click(selector);
  try {
    await page.waitForFunction((text) => document.querySelector('#status')?.textContent === text, expected, { timeout: 10_000 });
  } catch {
    assert.fail(`after ${selector}: expected status "${expected}", got "${await page.textContent('#status')}"`);
  }
}

/**
 * For a describe block: a test app (configured with `overrides`) listening on a free port and a headless Chromium, started before
 * its tests and closed after them. Read the fields inside hooks and tests.
 */
export function browserSuite(overrides: Record<string, string> = {}): { readonly origin: string; readonly browser: Browser } {
  let server: Server | undefined;
  let started: { origin: string; browser: Browser } | undefined;
  before(async () => {
    const listening = await listenOnFreePort(buildApp(overrides));
    server = listening.server;
    started = { origin: listening.origin, browser: await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }) };
  });
  after(async () => {
    await started?.browser.close();
    server?.close();
  });
  const current = () => {
    assert.ok(started, 'browserSuite() is read inside a hook or a test');
    return started;
  };
  return {
    get origin() {
      return current().origin;
    },
    get browser() {
      return current().browser;
    },
  };
}
