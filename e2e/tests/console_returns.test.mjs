// Statistical returns in the console, the main path: Wuhan's 2026 half-year return was
// returned by Hubei in the demo; wuhan.admin opens it from its periods, sees the reason, tries
// a GDP figure 80 % over last year's (refused beside the field, nothing filed), corrects the
// exports and files; hubei.staff finds it in its review queue and accepts it, and the version
// history shows the acceptance.

import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from '../support/browser.mjs';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

async function submit(page, name) {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name }).click()]);
}

test('a zone files its return and its province accepts it', async ({ page, base, server }) => {
  await signIn(page, base, 'wuhan.admin', server.password);
  await Promise.all([page.waitForEvent('load'), page.locator('aside.sidebar').getByRole('link', { name: '统计直报' }).click()]);
  const row = page.locator('table.returns-periods tr[data-period="2026-H1"]');
  assert.match(await row.innerText(), /已退回/);
  await Promise.all([page.waitForEvent('load'), row.getByRole('link').click()]);
  await page.locator('.alert.error', { hasText: '省级商务主管部门退回' }).waitFor();

  // A jump without an explanation is refused beside its field; the return stays returned.
  const gdp = page.locator('input[name="v.gdp"]');
  const kept = await gdp.inputValue();
  await gdp.fill(String(Math.round(Number(kept) * 1.8)));
  await submit(page, '保存并报送');
  await page.locator('tr[data-field=gdp] .field-error').waitFor();
  assert.match(await page.locator('tr[data-field=gdp] .field-error').innerText(), /地区生产总值/);
  assert.equal((await page.locator('.return-status').innerText()).trim(), '已退回');
  await page.screenshot({ path: path.join(ARTIFACTS, 'console_returns-refused.png'), fullPage: true });

  // Corrected, it files.
  await page.locator('input[name="v.gdp"]').fill(kept);
  const exports = page.locator('input[name="v.exports"]');
  await exports.fill(String(Math.round(Number(await exports.inputValue()) * 0.97)));
  await submit(page, '保存并报送');
  assert.equal((await page.locator('.return-status').innerText()).trim(), '已报送');
  await logout(page, base);

  await signIn(page, base, 'hubei.staff', server.password);
  await page.goto('/console/returns');
  const queued = page.locator('table.returns-queue tr', { hasText: '武汉经济技术开发区' });
  await Promise.all([page.waitForEvent('load'), queued.getByRole('link', { name: '审核' }).click()]);
  // Money reads in 万元/亿元 with the exact figure in yuan on hover.
  const shown = page.locator('tr[data-field=gdp] td span[title]').first();
  assert.match(await shown.innerText(), /亿元/);
  assert.match(await shown.getAttribute('title'), /元$/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'console_returns-review.png'), fullPage: true });
  await submit(page, '审核通过');
  assert.equal((await page.locator('.return-status').innerText()).trim(), '已审核');
  const history = await page.locator('table.returns-versions tbody tr').first().innerText();
  assert.match(history, /已审核/);
});
