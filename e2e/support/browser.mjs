// Debian's Chromium, headless, driven by playwright-core (which cannot download a browser here).
//
//   const browser = await launchBrowser();
//   await withPage(browser, { base, name }, async ({ page, context }) => { ... });
//
// withPage gives every test a fresh context (no cookies, no storage), fails the test on any 5xx
// answer or uncaught page error, and on failure saves a full-page screenshot to
// e2e/artifacts/<name>.png.
//
// Environment:
//   GOWEST_E2E_CHROMIUM   the browser (default /usr/bin/chromium)
//   GOWEST_E2E_HEADED=1   show the window (needs a display), for debugging

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

// The flags known to work on this project's machines: no sandbox (root), and no background
// traffic, which a closed network refuses.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Explicit waits fail after this long instead of hanging until the test's own timeout.
const ACTION_TIMEOUT_MS = 10_000;
const NAVIGATION_TIMEOUT_MS = 15_000;

export async function launchBrowser() {
  const executablePath = process.env.GOWEST_E2E_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get install chromium fonts-noto-cjk, ` +
        'or set GOWEST_E2E_CHROMIUM',
    );
  }
  return chromium.launch({
    executablePath,
    headless: process.env.GOWEST_E2E_HEADED !== '1',
    args: CHROMIUM_ARGS,
  });
}

/** A file-name-safe form of a test's name. */
export function artifactName(name) {
  return name.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 120);
}

/**
 * Run `fn({ page, context })` in a fresh browser context on `base`. Throws what `fn` throws, or
 * an error listing the 5xx answers and page errors seen, after saving a screenshot.
 */
export async function withPage(browser, { base, name }, fn) {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();

  const serverErrors = [];
  const pageErrors = [];
  page.on('response', (res) => {
    if (res.status() >= 500) serverErrors.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));

  try {
    await fn({ page, context });
    const problems = [
      ...serverErrors.map((e) => `server error: ${e}`),
      ...pageErrors.map((e) => `page error: ${e}`),
    ];
    if (problems.length > 0) {
      throw new Error(`the page worked, but:\n  ${problems.join('\n  ')}`);
    }
  } catch (err) {
    await screenshot(page, name, err);
    throw err;
  } finally {
    await context.close();
  }
}

async function screenshot(page, name, err) {
  try {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${artifactName(name)}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: ACTION_TIMEOUT_MS });
    err.message += `\n  screenshot: ${file} (page ${page.url()})`;
  } catch (shotErr) {
    err.message += `\n  (no screenshot: ${shotErr.message.split('\n')[0]})`;
  }
}
