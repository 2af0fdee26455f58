// The public portal as a visitor uses it: home page and chart, the zone directory with its
// htmx filter, a zone page, Back, and the Excel export.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterSwap } from '../support/htmx.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('home page shows the programme and draws the province chart', async ({ page }) => {
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.match(await page.locator('h1').first().innerText(), /万商西进工程/);

  // app.js fetches the figures, unhides the container and lets ECharts draw into it (with the
  // SVG renderer today; a <canvas> with the canvas renderer).
  const chart = page.locator('#province-chart');
  await chart.locator('svg, canvas').first().waitFor({ state: 'visible' });
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 200 && box.height > 100, `chart box ${JSON.stringify(box)}`);
  const marks = await chart.evaluate(
    (el) => el.querySelectorAll('svg path, svg rect').length + el.querySelectorAll('canvas').length,
  );
  assert.ok(marks > 10, `the chart drew only ${marks} shapes`);
});

test('zone directory: region filter, zone page, Back and Excel export', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await Promise.all([page.waitForURL('**/zones'), menu.getByRole('link', { name: '开发区名录' }).click()]);
  await page.getByRole('heading', { level: 1, name: '开发区名录' }).waitFor();

  const results = page.locator('#zone-results');
  const zoneLinks = results.locator('td.name a');
  const form = page.locator('form.search');

  // 100 a page, so that the unfiltered first page includes 江苏's zones and the filtered one all
  // of the west's.
  await afterSwap(page, '#zone-results', () => form.locator('select[name=per_page]').selectOption('100'));
  assert.ok((await zoneLinks.count()) > 50);
  assert.ok(await results.getByText('苏州').count() > 0, 'the unfiltered list should include 苏州');

  const res = await afterSwap(page, '#zone-results', () =>
    form.locator('select[name=region]').selectOption({ label: '西部' }),
  );
  assert.equal(res.status(), 200);
  await page.waitForURL((url) => url.searchParams.get('region') === 'west');

  const text = await results.innerText();
  for (const city of ['成都', '重庆', '西安']) {
    assert.ok(text.includes(city), `west results lack ${city}`);
  }
  assert.ok(!text.includes('苏州'), 'west results include 苏州');
  const regions = await results.locator('tbody tr td .region-dot').evaluateAll((dots) =>
    dots.map((d) => d.className),
  );
  assert.ok(regions.length > 0);
  assert.deepEqual([...new Set(regions)], ['region-dot region-west']);

  // A zone page shows its province, and Back returns to the filtered directory.
  const directoryUrl = page.url();
  await Promise.all([
    page.waitForURL(/\/zones\/\d+/),
    zoneLinks.filter({ hasText: /^成都经济技术开发区$/ }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: '成都经济技术开发区' }).waitFor();
  const province = page.locator('dl.facts div', { has: page.locator('dt', { hasText: /^省份$/ }) });
  assert.equal((await province.locator('dd').innerText()).trim(), '四川省');

  await page.goBack();
  await page.waitForURL(directoryUrl);
  assert.equal(await form.locator('select[name=region]').inputValue(), 'west');
  await results.getByRole('link', { name: '西安经济技术开发区' }).waitFor();

  // The export carries the filter and downloads a real .xlsx (a ZIP file).
  const exportLink = results.getByRole('link', { name: '导出 Excel' });
  const href = await exportLink.getAttribute('href');
  assert.match(href, /export\.xlsx\?.*region=west/);
  const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const file = await download.path();
  const bytes = await readFile(file);
  assert.ok(bytes.length > 1000, `the .xlsx has only ${bytes.length} bytes`);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
});
