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

