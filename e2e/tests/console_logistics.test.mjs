// The ministry keeps the logistics network (物流网络) in the console: a new link with a bad
// distance is refused beside the field (400) and nothing saved, then saved and listed; a 大通关
// clearance agreement without its measures is refused, then recorded, listed with the share
// of time saved, and shown on the public logistics page.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('ministry staff add a network link and a clearance agreement, refused first with the field named', async ({ page, base, server }) => {
  await signIn(page, base, 'ministry.staff', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/logistics/),
    page.locator('aside.sidebar').getByRole('link', { name: '物流网络' }).click(),
  ]);
  const links = page.locator('table[data-links-table] tbody tr');
  const before = await links.count();

  const form = page.locator('form[data-link-form]');
  await form.locator('[name=from_node]').fill('重庆');
  await form.locator('[name=to_node]').fill('武汉');
  await form.locator('[name=mode]').selectOption('road');
  await form.locator('[name=corridor]').fill('沪渝高速');
  await form.locator('[name=km]').fill('-900');
  await form.locator('[name=hours]').fill('12.5');
  await form.locator('[name=cost]').fill('4800');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/logistics/links')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(refused.status(), 400);
  await page.locator('form[data-link-form] .field-error[data-field=km]').waitFor();
  assert.equal(await links.count(), before, 'nothing was saved');

  await page.locator('form[data-link-form] [name=km]').fill('900');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/console/logistics' && u.search === ''),
    page.locator('form[data-link-form] button[type=submit]').click(),
  ]);
  assert.equal(await links.count(), before + 1);
  assert.ok(
    (await links.allInnerTexts()).some((t) => t.includes('沪渝高速') && t.includes('900')),
    'the new link is listed',
  );

  const clearance = page.locator('form[data-clearance-form]');
  await clearance.locator('[name=port]').selectOption({ label: '宁波舟山港' });
  await clearance.locator('[name=province_code]').selectOption('430000');
  await clearance.locator('[name=hours_before]').fill('60');
  await clearance.locator('[name=hours_after]').fill('15');
  await clearance.locator('[name=signed_on]').fill('2007-05-18');
  const [missing] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/logistics/clearance')),
    clearance.locator('button[type=submit]').click(),
  ]);
  assert.equal(missing.status(), 400);
  await page.locator('form[data-clearance-form] .field-error[data-field=measures]').waitFor();
  // The refused form keeps what was typed.
  assert.equal(await page.locator('form[data-clearance-form] [name=hours_before]').inputValue(), '60');

  await page.locator('form[data-clearance-form] [name=measures]').fill('湘甬海铁联运、属地申报口岸验放');
  await Promise.all([
    page.waitForURL(/\/console\/logistics$|#clearance$/),
    page.locator('form[data-clearance-form] button[type=submit]').click(),
  ]);
  const row = page.locator('table[data-clearance-table] tr', { hasText: '湘甬海铁联运' });
  // 60 h → 15 h saves 75 %.
  assert.match(await row.innerText(), /宁波舟山港[\s\S]*湖南省[\s\S]*75\.00%/);

  await page.goto('/logistics#clearance');
  assert.match(
    await page.locator('table[data-clearance-table] tr', { hasText: '湘甬海铁联运' }).innerText(),
    /宁波舟山港[\s\S]*湖南省/,
  );
});
