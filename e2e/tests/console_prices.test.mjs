// A wholesale market's clerk reports prices in the console: enterprise.demo (the clerk of the
// first demo market) reports a price by the form, uploads a sheet with bad rows and is refused
// whole with the rows named and nothing written, then finds the reported price on the public
// price page, reached from the main menu, in the table and the chart.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** Today in Beijing, as the server dates reports. */
function beijingToday() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

const total = async (page) => Number((await page.locator('#report-total').innerText()).trim());

test('a clerk reports by form, a bad sheet is refused naming its rows, the public page shows the price', async ({ page, base, server }) => {
  await signIn(page, base, 'enterprise.demo', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/prices/),
    page.locator('aside.sidebar').getByRole('link', { name: '价格报送' }).click(),
  ]);
  const today = beijingToday();
  const before = await total(page);

  // Pork by the 斤 at 12.50 is exactly 25.00 a 千克, the catalogue unit.
  const form = page.locator('#price-form');
  assert.equal(await form.locator('[name=date]').inputValue(), today, 'the form opens on today');
  await form.locator('[name=product]').selectOption('pork');
  await form.locator('[name=grade]').selectOption('first');
  await form.locator('[name=unit]').selectOption('jin');
  await form.locator('[name=price]').fill('12.50');
  await form.locator('[name=volume]').fill('300');
  await Promise.all([page.waitForURL(/accepted=1/), form.locator('button[type=submit]').click()]);
  assert.equal(await total(page), before + 1, 'one report more');
  assert.equal((await page.locator('#today-status').innerText()).trim(), '今日已报送');
  const first = page.locator('table.price-reports tbody tr').first();
  const cells = await first.locator('td').allInnerTexts();
  assert.equal(cells[0], today);
  assert.equal(cells[1], '猪肉');
  assert.equal(cells[4], '25.00/千克');
  assert.equal(cells[5], '12.50/斤');

  // A sheet whose row 3 has a negative price and row 4 an unknown product and a future date:
  // refused whole at 400, each bad row named with its column, the good row 2 not written.
  const sheet =
    '日期,产品,品种,等级,单位,价格（元）,交易量\n' +
    `${today},土豆,,统货,千克,2.10,300\n` +
    `${today},西红柿,,统货,千克,-3.00,300\n` +
    `2099-01-01,芒果,,统货,千克,8.00,300\n`;
  const upload = page.locator('#price-upload');
  await upload.locator('input[type=file]').setInputFiles({ name: 'prices.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/prices/upload')),
    upload.locator('button[type=submit]').click(),
  ]);
  assert.equal(answer.status(), 400);
  await page.locator('#problems').waitFor();
  const problems = await page.locator('#problems').innerText();
  assert.match(problems, /第3行 F 价格（元）/);
  assert.match(problems, /第4行 B 产品/);
  assert.match(problems, /第4行 A 日期/);
  assert.doesNotMatch(problems, /第2行/);
  assert.equal(await total(page), before + 1, 'nothing from the refused sheet was written');

  // The public page, from the main menu: today's national pork price is the clerk's report.
  await page.goto('/');
  await Promise.all([
    page.waitForURL('**/prices'),
    page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '农产品价格' }).click(),
  ]);
  const search = page.locator('form.search');
  await search.locator('select[name=product]').selectOption('pork');
  await Promise.all([page.waitForURL(/product=pork/), search.getByRole('button', { name: '查询' }).click()]);
  const latest = await page.locator('table[data-price-table] tbody tr').first().locator('td').allInnerTexts();
  assert.equal(latest[0], today);
  assert.equal(latest[1], '25.00');
  const chart = page.locator('#price-chart');
  await chart.locator('svg, canvas').first().waitFor({ state: 'visible' });
  const marks = await chart.evaluate((el) => el.querySelectorAll('svg path').length + el.querySelectorAll('canvas').length);
  assert.ok(marks > 3, `the chart drew only ${marks} shapes`);
  await page.screenshot({ path: '/tmp/gw-r4-prices.png', fullPage: false });
});
