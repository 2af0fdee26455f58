// Farm-product supply and demand in the console between two organisations: enterprise.demo posts
// a sell offer by the form (斤 converted to the catalogue's 千克), sees its matches (the demo
// trader buyer.demo's buy offers) with reasons, records a deal against the nearest, is refused a
// bad offer with the fields named and nothing written, finds the offer on the public page
// without its own name; buyer.demo then sees its buy offer drawn down by the deal.

import assert from 'node:assert/strict';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** A day in Beijing, `days` from today, as the server dates offers. */
function beijingDay(days = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

test('an enterprise posts an offer, deals against a match, is refused a bad offer, the public page lists it', async ({ page, base, server }) => {
  await signIn(page, base, 'enterprise.demo', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/farm-trade/),
    page.locator('aside.sidebar').getByRole('link', { name: '购销对接' }).click(),
  ]);
  const form = page.locator('#offer-form');
  await form.locator('[name=side]').selectOption('sell');
  await form.locator('[name=product]').selectOption('cabbage');
  await form.locator('[name=unit]').selectOption('jin');
  await form.locator('[name=quantity]').fill('4000');
  await form.locator('[name=price]').fill('0.45');
  await form.locator('[name=province_code]').selectOption('510000');
  await form.locator('[name=available_from]').fill(beijingDay());
  await form.locator('[name=available_to]').fill(beijingDay(30));
  await Promise.all([page.waitForURL(/done=posted/), form.locator('button[type=submit]').click()]);
  assert.equal((await page.locator('#farm-flash').innerText()).trim(), '已发布供求信息');
  const id = new URL(page.url()).searchParams.get('offer');
  // 4,000 斤 is 2,000 千克.
  const own = await page.locator(`#own-offers tr[data-offer="${id}"] td`).allInnerTexts();
  assert.equal(own[3], '2000');

  const rows = page.locator('#matches tbody tr');
  assert.ok((await rows.count()) > 0, 'the demo buyers match');
  assert.match(await rows.first().innerText(), /同一产品/);
  const matchId = await rows.first().getAttribute('data-match');
  const leftBefore = parseFloat((await rows.first().locator('td').nth(2).innerText()).trim());
  const deal = rows.first().locator('form');
  await deal.locator('[name=quantity]').fill('500');
  await deal.locator('[name=price]').fill('0.88');
  await Promise.all([page.waitForURL(/done=dealt/), deal.locator('button[type=submit]').click()]);
  assert.equal((await page.locator('#farm-flash').innerText()).trim(), '已记录成交');
  const after = await page.locator(`#own-offers tr[data-offer="${id}"] td`).allInnerTexts();
  assert.equal(after[3], '1500', 'the deal drew the offer down');

  const count = await page.locator('#own-offers tbody tr').count();
  await form.locator('[name=product]').selectOption('apple');
  await form.locator('[name=province_code]').selectOption('620000');
  await form.locator('[name=unit]').selectOption('');
  await form.locator('[name=quantity]').fill('-5');
  await form.locator('[name=price]').fill('2');
  await form.locator('[name=available_from]').fill(beijingDay());
  await form.locator('[name=available_to]').fill(beijingDay(10));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/farm-trade/offers')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(res.status(), 400);
  await page.locator('#problems').waitFor();
  assert.match(await page.locator('#problems').innerText(), /quantity/);
  assert.equal(await page.locator('#own-offers tbody tr').count(), count, 'nothing written');

  await page.goto(`${base}/farm-trade?product=cabbage&side=sell`);
  const listed = await page.locator('table[data-farm-offers] tbody').innerText();
  assert.match(listed, new RegExp(`^${id}\\s`, 'm'));
  assert.doesNotMatch(await page.locator('main').innerText(), /深圳演示电子有限公司/);

  // The other side of the deal: the trader's buy offer is 500 千克 lower.
  await page.goto(`${base}/console`);
  await logout(page, base);
  await signIn(page, base, 'buyer.demo', server.password);
  await page.goto(`${base}/console/farm-trade`);
  const theirs = await page.locator(`#own-offers tr[data-offer="${matchId}"] td`).allInnerTexts();
  assert.equal(theirs[1].trim(), '求购');
  assert.equal(parseFloat(theirs[3]), leftBefore - 500, 'the deal drew the buyer down');

  // The trader uploads offers by sheet: a bad row refuses the file (400, row and column named),
  // the fixed sheet posts every row.
  const offers = () => page.locator('#own-offers tbody tr').count();
  const before = await offers();
  const sheet =
    '方向,产品,单位,数量,价格（元/单位）,省份代码,县（市、区）,起始日期,截止日期\n' +
    `求购,大白菜,斤,3000,,510000,郫县,${beijingDay()},${beijingDay(20)}\n` +
    `求购,苹果,千克,abc,,510000,,${beijingDay()},${beijingDay(20)}\n`;
  const upload = page.locator('#offers-upload');
  const send = async (text) => {
    await upload.locator('input[type=file]').setInputFiles({ name: 'offers.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    return Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/farm-trade/upload')),
      upload.locator('button[type=submit]').click(),
    ]);
  };
  const [bad] = await send(sheet);
  assert.equal(bad.status(), 400);
  await page.locator('#problems').waitFor();
  assert.match(await page.locator('#problems').innerText(), /第3行 D 数量/);
  assert.equal(await offers(), before, 'nothing from the refused sheet was posted');
  await Promise.all([page.waitForURL(/imported=2/), send(sheet.replace(',abc,', ',800,'))]);
  assert.equal((await page.locator('#farm-flash').innerText()).trim(), '已从表格发布供求信息 2 条');
  assert.equal(await offers(), before + 2);
  assert.ok(await page.locator('#offers-export').getAttribute('href'));
});
