// The security administrator resets a business account by a one-time link, never a password:
// the console shows the link once, the account's holder opens it, sets their own password and
// signs in with it; the link then refuses a second use. The duty holders' rows offer no reset.

import assert from 'node:assert/strict';
import { login, logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('secadmin issues a reset link and wuhan.admin sets a new password with it, once', async ({
  page,
  base,
  server,
}) => {
  await signIn(page, base, 'secadmin', server.password);
  await page.goto(new URL('/console/users', base).href);
  const row = (name) => page.locator('tr', { has: page.locator('td', { hasText: new RegExp(`^${name}`) }) });
  for (const duty of ['auditor', 'sysadmin', 'secadmin']) {
    assert.equal(await row(duty).getByRole('button', { name: '发送重置链接' }).count(), 0, duty);
  }
  await Promise.all([
    page.waitForLoadState('load'),
    row('wuhan.admin').getByRole('button', { name: '发送重置链接' }).click(),
  ]);
  const link = (await page.locator('code[data-reset-link]').innerText()).trim();
  assert.match(link, /^\/reset\/[A-Za-z0-9_-]{43}$/);
  assert.equal(await page.locator('[data-temporary-password]').count(), 0, 'no password shown');
  await logout(page, base);

  await page.goto(new URL(link, base).href);
  assert.equal((await page.locator('[data-username]').innerText()).trim(), 'wuhan.admin');
  await page.locator('input[name=password]').fill('Wuhan-Own-Pass-2026');
  await page.locator('input[name=password_again]').fill('Wuhan-Own-Pass-2026');
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '保存' }).click()]);
  await page.locator('[data-password-set]').waitFor();

  const url = await login(page, base, 'wuhan.admin', 'Wuhan-Own-Pass-2026');
  assert.equal(url.pathname, '/console');
  await logout(page, base);

  const again = await page.goto(new URL(link, base).href);
  assert.equal(again.status(), 410);
  await page.locator('[data-link-refused]').waitFor();
});
