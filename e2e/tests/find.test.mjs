// The enterprise's "find a location" wizard as a visitor uses it: describe the move, see
// ranked zones with their factor bars and the score chart, move a weight and watch the
// ranking change in place, then compare two zones side by side.

import assert from 'node:assert/strict';
import { afterSwap } from '../support/htmx.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

async function rankedNames(page) {
  return page.locator('#find-results .match-title > a').allInnerTexts();
}

test('a Guangdong electronics move is ranked, re-ranked by a weight, and compared', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await Promise.all([page.waitForURL('**/find'), menu.getByRole('link', { name: '选址匹配' }).click()]);
  await page.getByRole('heading', { level: 1, name: '选址匹配' }).waitFor();
  await page.getByText('请先选择行业').waitFor();

  const form = page.locator('#find-form');
  await form.locator('select[name=industry]').selectOption('39');
  await form.locator('select[name=ports]').selectOption({ label: '深圳港' });
  await form.locator('input[name=workforce]').fill('3000');
  const res = await afterSwap(page, '#find-results', () =>
    form.getByRole('button', { name: '开始匹配' }).click(),
  );
  assert.equal(res.status(), 200);

  const first = await rankedNames(page);
  assert.equal(first.length, 20, 'twenty zones are shown');
  const regions = await page
    .locator('#find-results .match-title .region-dot')
    .evaluateAll((dots) => dots.map((d) => d.className));
  assert.ok(!regions.some((r) => r.includes('region-east')), `eastern zones ranked: ${regions}`);
  const firstCard = page.locator('#find-results li.match').first();
  assert.match(await firstCard.locator('.reason').innerText(), /深圳港|主导产业|地价|工资|扶持/);
  assert.equal(await firstCard.locator('table.factor-bars tbody tr').count(), 7);

  // The score chart: ECharts draws the stacked bars.
  const chart = page.locator('#find-chart');
  await chart.locator('svg').first().waitFor({ state: 'visible' });
  const marks = await chart.evaluate((el) => el.querySelectorAll('svg path, svg rect').length);
  assert.ok(marks > 30, `the chart drew only ${marks} shapes`);

  // Only port access counts: the ranking changes in place, and the URL keeps the weights.
  for (const name of [
    'weight_industry_fit',
    'weight_land_cost',
    'weight_labour_cost',
    'weight_labour_availability',
    'weight_regional_priority',
    'weight_support',
  ]) {
    await form.locator(`input[name=${name}]`).fill('0');
  }
  await afterSwap(page, '#find-results', () => form.locator('input[name=weight_port_access]').fill('100'));
  await page.waitForURL((url) => url.searchParams.get('weight_port_access') === '100');
  const second = await rankedNames(page);
  assert.notDeepEqual(second.slice(0, 5), first.slice(0, 5), 'the weights did not move the ranking');
  const hours = await page
    .locator('#find-results li.match')
    .first()
    .locator('tr', { hasText: '港口通达' })
    .locator('td.raw')
    .innerText();
  assert.ok(parseFloat(hours) < 10, `the nearest zone is ${hours} from Shenzhen`);

  // Compare the first two.
  const picks = page.locator('#find-results input[name=zones]');
  await picks.nth(0).check();
  await picks.nth(1).check();
  await Promise.all([
    page.waitForURL('**/compare?**'),
    page.getByRole('button', { name: '对比所选开发区' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: '开发区对比' }).waitFor();
  const heads = await page.locator('table.compare thead th a').allInnerTexts();
  assert.deepEqual(heads, second.slice(0, 2));
  await page.locator('#compare-chart svg').first().waitFor({ state: 'visible' });
  assert.ok((await page.locator('table.compare td.best').count()) > 3, 'best cells are marked');
});

test('a published demand opens its own ranking, and a bad question is named', async ({ page }) => {
  await page.goto('/demands');
  const first = page.locator('#demand-results td.name a').first();
  const title = await first.innerText();
  await Promise.all([page.waitForURL('**/find?demand=*'), first.click()]);
  assert.match(await page.locator('.flash').innerText(), new RegExp(title));
  assert.equal(await page.locator('#find-results li.match').count(), 20);

  const res = await page.goto('/find?industry=99&workforce=-5');
  assert.equal(res.status(), 400);
  const alert = await page.locator('#find-results .alert').innerText();
  assert.match(alert, /行业/);
  assert.match(alert, /港口/);
});
