// An enterprise makes an API token limited to prices on the console: the token is shown once,
// the list names its capability, and over the API it reads prices and is refused the funds.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('a token limited to prices reads prices and is refused funds', async ({ page, base, server }) => {
  await signIn(page, base, 'enterprise.demo', server.password);
  await page.goto(new URL('/console/tokens', base).href);
  await page.locator('input[name=name]').fill('价格报送系统');
  await page.locator('input[name=capabilities][value=prices]').check();
  await Promise.all([
    page.waitForLoadState('load'),
    page.getByRole('button', { name: '生成令牌' }).click(),
  ]);
  const token = (await page.locator('code[data-token]').innerText()).trim();
  assert.match(token, /^gw_/);
  const listed = page.locator('tr', { hasText: '价格报送系统' }).locator('td[data-capabilities]');
  assert.equal((await listed.innerText()).trim(), '批发市场价格');

  const call = async (path) => {
    const answer = await fetch(new URL(path, base), { headers: { Authorization: `Bearer ${token}` } });
    return { status: answer.status, body: await answer.text() };
  };
  assert.equal((await call('/api/v1/prices/catalogue')).status, 200);
  const refused = await call('/api/v1/funds/applications');
  assert.equal(refused.status, 403);
  assert.match(refused.body, /token-capability/);
});
