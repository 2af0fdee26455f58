// The audit log records a write made in the browser, with before and after; the audit
// administrator (after enrolling its second factor) finds it by user and exports it to Excel.
// Only the auditor reads the log.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test("chengdu.admin's zone update is in the audit log, filtered by user and exported", async ({
  page,
  base,
  server,
}) => {
  // The write: chengdu.admin saves a new land price through the console form.
  await signIn(page, base, 'chengdu.admin', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/zones\/\d+$/),
    page.locator('aside.sidebar').getByRole('link', { name: '本开发区信息' }).click(),
  ]);
  const zoneId = new URL(page.url()).pathname.split('/').pop();
  const price = page.locator('input[name=land_price_yuan_per_m2]');
  const oldFen = Math.round(Number((await price.inputValue()) || 0) * 100);
  const newFen = oldFen === 314_159 ? 271_828 : 314_159;
  await price.fill((newFen / 100).toFixed(2));
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '保存', exact: true }).click()]);
  await page.locator('.flash[role=status]').getByText('已保存').waitFor();
  await logout(page, base);

  // The auditor signs in (enrolling TOTP) and opens the log from the sidebar.
  const { url, secondFactor } = await signIn(page, base, 'auditor', server.password);
  assert.equal(secondFactor, 'enrol');
  assert.equal(url.pathname, '/console');
  await Promise.all([
    page.waitForURL('**/console/audit'),
    page.locator('aside.sidebar').getByRole('link', { name: '审计日志' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();

  const form = page.locator('form.search');
  await form.locator('input[name=actor]').fill('chengdu.admin');
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('actor') === 'chengdu.admin'),
    form.getByRole('button', { name: '查询' }).click(),
  ]);
  assert.equal(await form.locator('input[name=actor]').inputValue(), 'chengdu.admin', 'the filter is kept');

  const rows = page.locator('table.audit tbody tr');
  const users = await rows.locator('td:nth-child(3)').allInnerTexts();
  assert.ok(users.length >= 3, `sign-in, update and sign-out of chengdu.admin: ${users.length} rows`);
  assert.deepEqual([...new Set(users.map((u) => u.trim()))], ['chengdu.admin'], 'only that user');
  const actions = (await rows.locator('td:nth-child(5)').allInnerTexts()).map((a) => a.trim());
  for (const action of ['login', 'zone.update', 'logout']) {
    assert.ok(actions.includes(action), `no ${action} row: ${actions.join(', ')}`);
  }

  const update = rows.filter({ has: page.locator('code', { hasText: /^zone\.update$/ }) });
  assert.equal(await update.count(), 1);
  assert.equal((await update.locator('td:nth-child(6)').innerText()).trim(), `zone #${zoneId}`);
  assert.equal((await update.locator('td:nth-child(4)').innerText()).trim(), '127.0.0.1');
  await update.locator('details summary').click();
  const [before, after] = await update.locator('details pre').allInnerTexts();
  const priceOf = (json) => JSON.parse(json).land_price_fen_per_m2 ?? 0;
  assert.equal(priceOf(before), oldFen, 'before: the old price');
  assert.equal(priceOf(after), newFen, 'after: the new price');
  assert.equal(JSON.parse(after).name_zh, '成都经济技术开发区');

  // Export: the link carries the filter and downloads a real .xlsx (a ZIP file, "PK").
  const exportLink = form.getByRole('link', { name: '导出 Excel' });
  assert.match(await exportLink.getAttribute('href'), /^\/console\/audit\/export\.xlsx\?actor=chengdu\.admin$/);
  const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.ok(bytes.length > 500, `the .xlsx has only ${bytes.length} bytes`);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
});

test('only the audit administrator reads or exports the log', async ({ page, base, server }) => {
  for (const username of ['ministry.admin', 'chengdu.admin', 'sysadmin']) {
    await signIn(page, base, username, server.password);
    for (const path of ['/console/audit', '/console/audit/export.xlsx']) {
      const res = await page.request.get(path);
      assert.equal(res.status(), 403, `${username}: GET ${path}`);
    }
    await logout(page, base);
  }
});
