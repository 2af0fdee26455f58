// A visitor finds a zone's routes to the ports (物流通道): a 重庆 zone reaches 上海 by the
// Yangtze (cheapest) and by rail (fastest), drawn over the network on the map; choosing
// another zone and another port redraws the routes.

import assert from 'node:assert/strict';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

async function drawnShapes(page) {
  const chart = page.locator('#route-chart');
  await chart.locator('svg').first().waitFor({ state: 'visible' });
  return chart.evaluate((el) => el.querySelectorAll('svg path').length);
}

test('a Chongqing zone shows its Yangtze and rail routes to Shanghai on the map', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await Promise.all([page.waitForURL('**/logistics'), menu.getByRole('link', { name: '物流通道' }).click()]);
  await page.getByRole('heading', { level: 1, name: /物流通道/ }).waitFor();

  const form = page.locator('form[action="/logistics"]');
  const zone = form.locator('select[name=zone]');
  const chongqing = await zone
    .locator('option')
    .evaluateAll((opts) => opts.filter((o) => o.textContent.startsWith('重庆市')).map((o) => o.value));
  assert.ok(chongqing.length > 0, 'a 重庆 zone can be chosen');
  await zone.selectOption(chongqing[0]);
  await form.locator('select[name=kind]').selectOption('sea');
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '查看线路' }).click()]);

  const shanghai = page.locator('table[data-route-table] tr', { hasText: '上海港' });
  assert.match(await shanghai.locator('td[data-cheapest]').innerText(), /长江黄金水道/);
  assert.match(await shanghai.locator('td[data-cheapest]').innerText(), /水运/);
  assert.match(await shanghai.locator('td[data-fastest]').innerText(), /铁路/);
  const cells = await shanghai.locator('td.num').allInnerTexts();
  assert.ok(cells.some((c) => /小时/.test(c)) && cells.some((c) => /元\/箱/.test(c)), `${cells}`);
  assert.match(await page.locator('[data-route-title]').innerText(), /→ 上海港/);
  const shapes = await drawnShapes(page);
  assert.ok(shapes > 50, `the map drew only ${shapes} shapes`);

  // A port the network does not reach says so instead of a figure.
  const haikou = page.locator('table[data-route-table] tr', { hasText: '海口港' });
  assert.match(await haikou.locator('td[data-unavailable]').innerText(), /不在物流网络中/);

  // Another port: the title and the drawn routes follow.
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('table[data-route-table] a', { hasText: '深圳港' }).click(),
  ]);
  assert.match(await page.locator('[data-route-title]').innerText(), /→ 深圳港/);
  assert.ok((await drawnShapes(page)) > 50);
});
