// Back office: logging in through the real login form.
//
// Tests of the back office (console pages, per-role access, profile editing) go in
// tests/console_*.test.mjs and start with:
//
//   const { test } = useGowest(import.meta.url);
//   test('chengdu.admin edits its zone profile', async ({ page, base, server }) => {
//     await login(page, base, 'chengdu.admin', server.password);
//     ...
//   });
//
// The demo accounts and their password are parsed from the server's start banner:
// server.accounts (Map username -> description) and server.password.

import { totp } from './otp.mjs';

export const DEMO_PASSWORD = 'Gowest-Demo-2006';

/**
 * Fill `input[name=username]` and `input[name=password]` on /login and submit the form (with
 * its CSRF field, as a user would). Resolves with the final URL once the answer to the POST has
 * loaded (where a second factor is asked for, that step's URL: the caller goes on from there);
 * throws with the page's message when the browser is still on /login (wrong password, throttled).
 */
export async function login(page, base, username, password = DEMO_PASSWORD) {
  await page.goto(new URL('/login', base).href);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  // A plain form post loads a new document: the redirect target, or /login with a message.
  const loaded = page.waitForEvent('load');
  await page.locator('input[name=password]').press('Enter');
  await loaded;
  const url = new URL(page.url());
  if (url.pathname === '/login') {
    const message = await page
      .locator('[role=alert], .alert, .field-error')
      .allInnerTexts()
      .catch(() => []);
    throw new Error(`login as ${username} stayed on /login: ${message.join(' | ') || '(no message)'}`);
  }
  return url;
}

// ---------------------------------------------------------------------------------------------
// Signing in all the way to the console, second factor included, and signing out.

/** TOTP secrets enrolled so far, by server and username, for a later sign-in of the same user. */
const enrolled = new Map();
/** The last 30-second step whose code was sent, by server and username: a code is good once. */
const usedStep = new Map();

/**
 * A code for a step not used yet: the current one, else the next (the server accepts one
 * step either side for clock skew), else it waits for the step after.
 */
async function freshCode(key, secret) {
  for (;;) {
    const now = Math.floor(Date.now() / 1000 / 30);
    const last = usedStep.get(key) ?? -1;
    const step = [now, now + 1].find((s) => s > last);
    if (step !== undefined) {
      usedStep.set(key, step);
      return totp(secret, step * 30 * 1000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * `login`, then the second factor when the server asks for it (administrators, and the
 * writing staff of the ministry, provinces and the bank): at the first sign-in the enrolment
 * page shows the secret (`code[data-secret]`), which is remembered for later sign-ins of that
 * user on the same server, each with a code of a step not used before. Resolves with
 * `{ url, secondFactor: 'enrol' | 'verify' | null }` once the browser is past the second factor
 * (on /console, or wherever the server sent it next); throws with the page's message when the
 * code was refused.
 */
export async function signIn(page, base, username, password = DEMO_PASSWORD) {
  const url = await login(page, base, username, password);
  if (url.pathname !== '/login/second-factor') return { url, secondFactor: null };

  const key = `${base} ${username}`;
  const shown = page.locator('code[data-secret]');
  let secondFactor = 'verify';
  if ((await shown.count()) > 0) {
    secondFactor = 'enrol';
    enrolled.set(key, (await shown.innerText()).trim());
  }
  const secret = enrolled.get(key);
  if (!secret) {
    throw new Error(`${username} has a second factor enrolled outside this test run: no secret to use`);
  }
  const code = page.locator('input[name=code]');
  await code.fill(await freshCode(key, secret));
  const loaded = page.waitForEvent('load');
  await code.press('Enter');
  await loaded;
  const after = new URL(page.url());
  if (after.pathname === '/login/second-factor') {
    const message = await page.locator('[role=alert]').allInnerTexts();
    throw new Error(`second factor of ${username} refused: ${message.join(' | ') || '(no message)'}`);
  }
  return { url: after, secondFactor };
}

/** The texts of the console's sidebar menu, in order. */
export async function sidebarItems(page) {
  // Each link's own words, without a count badge (待办事项 carries the open to-dos' number).
  return page.locator('aside.sidebar nav a').evaluateAll((links) =>
    links.map((a) => {
      const copy = a.cloneNode(true);
      copy.querySelectorAll('.count').forEach((badge) => badge.remove());
      return copy.textContent.trim();
    }),
  );
}

/** Click 退出登录 (or Log out) in the sidebar; resolves on the public home page it leads to. */
export async function logout(page, base) {
  const button = page.locator('aside.sidebar form[action="/logout"] button');
  await Promise.all([page.waitForURL(new URL('/', base).href), button.click()]);
}
