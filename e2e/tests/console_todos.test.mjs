// To-dos, the main path: sichuan.staff sees on the dashboard how many fund applications wait
// for the province, follows the queue to the to-do list, opens one, passes it, and finds it
// done; the sidebar's count falls by one and the ministry now has it waiting.

import assert from 'node:assert/strict';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

const sidebarCount = async (page) => {
  const badge = page.locator('aside.sidebar a[href="/console/todos"] .count');
  return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
};

test('a province follows its queue from the dashboard to a fund application and clears the item', async ({ page, base, server }) => {
  await signIn(page, base, 'sichuan.staff', server.password);
  const card = page.locator('ul.queues a[href="/console/todos?kind=fund_review"]');
  const queued = Number(await card.locator('.figure-value').innerText());
  assert.ok(queued > 0, 'the demo leaves applications waiting for Sichuan');
  const before = await sidebarCount(page);
  assert.ok(before >= queued, `the sidebar counts every open item (${before} ≥ ${queued})`);

  await Promise.all([page.waitForURL(/\/console\/todos\?kind=fund_review/), card.click()]);
  const rows = page.locator('table.todos').first().locator('tbody tr');
  assert.equal(await rows.count(), queued, 'the list has what the card counted');
  const link = rows.first().locator('a');
  const title = (await link.innerText()).trim();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(/\/console\/funds\/\d+$/), link.click()]);
  assert.equal(new URL(page.url()).pathname, href);

  const form = page.locator('form[data-action-form]');
  await form.locator('select[name=action]').selectOption('province_approve');
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '确定' }).click()]);
  assert.equal((await page.locator('[data-status-badge]').innerText()).trim(), '省级已审');

  await page.goto('/console/todos');
  assert.equal(await sidebarCount(page), before - 1, 'one item fewer in the sidebar');
  const done = page.locator('h2', { hasText: '最近办结' }).locator('xpath=following-sibling::div[1]');
  await done.locator('a', { hasText: title }).waitFor();
  await page.screenshot({ path: 'artifacts/todos-sichuan.png', fullPage: true });
  await logout(page, base);

  await signIn(page, base, 'ministry.staff', server.password);
  await page.goto('/console/todos?kind=fund_review');
  await page.locator('table.todos').first().locator(`a[href="${href}"]`).waitFor();
});
