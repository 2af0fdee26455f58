// A visitor reads wholesale prices (农产品批发市场价格): pork's monthly series, then the market
// overview loaded under it: the national price index drawn as a chart, and the anomaly
// warnings, where the demo's pork surge is a warning and the vegetables' seasonal swing is
// normal; then one market's own series. A product, province or market the page does not know
// answers 400 naming it.

import assert from 'node:assert/strict';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('the price page shows a series, the index and a warning for the surge only', async ({ page }) => {
  await page.goto('/');
  await Promise.all([
    page.waitForURL('**/prices'),
    page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '农产品价格' }).click(),
  ]);
  const form = page.locator('form[action="/prices"]');
  await form.locator('select[name=product]').selectOption('pork');
  await form.locator('select[name=granularity]').selectOption('month');
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '查询' }).click()]);
  assert.match(await page.locator('[data-price-title]').innerText(), /猪肉/);
  await page.locator('#price-chart svg').first().waitFor();
  assert.ok((await page.locator('table[data-price-table] tbody tr').count()) >= 12, 'a year of months');

  // The overview arrives after the page.
  const warnings = page.locator('table[data-warning-table]');
  await warnings.waitFor({ timeout: 20_000 });
  await page.locator('#price-index-chart svg').first().waitFor();
  const pork = warnings.locator('tr[data-product=pork]');
  assert.equal(await pork.getAttribute('data-level'), 'abnormal');
  assert.match(await pork.innerText(), /异常预警/);
  // Cabbage swings ±25 % with the season every year: normal.
  assert.equal(await warnings.locator('tr[data-product=cabbage]').getAttribute('data-level'), 'normal');
  assert.equal(await warnings.locator('tr[data-level=abnormal]').count(), 1, 'only the surge warns');

  // One market's own series: the title names it.
  await page.goto('/prices');
  const market = form.locator('select[name=market]');
  const [first] = await market.locator('option').evaluateAll((opts) => opts.filter((o) => o.value).map((o) => o.value));
  await form.locator('select[name=product]').selectOption('cabbage');
  await market.selectOption(first);
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '查询' }).click()]);
  assert.match(await page.locator('[data-price-title]').innerText(), /第1农产品批发市场 · 大白菜/);
  assert.ok((await page.locator('table[data-price-table] tbody tr').count()) > 0);

  for (const [query, named] of [['product=durian', /durian/], ['province_code=abc', /abc/], ['market=999999', /999999/]]) {
    const bad = await page.goto(`/prices?${query}`);
    assert.equal(bad.status(), 400, query);
    assert.match(await page.locator('main').innerText(), named);
  }
});
