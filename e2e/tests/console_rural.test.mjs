// Rural commerce information stations in the console: sichuan.staff opens 信息服务站点 from the
// menu, is refused a station with a future date and a negative count (400, each field named
// beside the form, nothing written), registers a good one, is refused a sheet with a bad row
// (400, row and column named), uploads it fixed, and finds the county on the public page
// filtered to Sichuan, with names, not codes; an unknown province there is named (400).

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('a province registers stations by form and sheet, refusals named, the public page filters by province', async ({ page, base, server }) => {
  await signIn(page, base, 'sichuan.staff', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/rural/),
    page.locator('aside.sidebar').getByRole('link', { name: '信息服务站点' }).click(),
  ]);
  assert.equal((await page.locator('#rural-keeps').innerText()).trim(), '四川省');
  const stations = () => page.locator('#stations tbody tr').count();
  const before = await stations();

  const form = page.locator('#station-form');
  await form.locator('[name=name_zh]').fill('唐昌镇农村商务信息服务站');
  await form.locator('[name=county]').fill('郫县');
  await form.locator('[name=township]').fill('唐昌镇');
  await form.locator('[name=opened_on]').fill('2999-01-01');
  await form.locator('[name=assistants]').fill('-2');
  await form.locator('[name=farmers_trained]').fill('120');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/rural/stations')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(refused.status(), 400);
  await page.locator('#station-errors').waitFor();
  assert.equal(await page.locator('#station-form .field-error[data-field=opened_on]').count(), 1);
  assert.equal(await page.locator('#station-form .field-error[data-field=assistants]').count(), 1);
  assert.equal(await stations(), before, 'nothing written');

  // The form keeps what was typed; fix the two fields.
  await form.locator('[name=opened_on]').fill('2007-04-01');
  await form.locator('[name=assistants]').fill('2');
  await Promise.all([page.waitForURL(/registered=1/), form.locator('button[type=submit]').click()]);
  assert.equal((await page.locator('#rural-flash').innerText()).trim(), '已登记站点 1 个');
  assert.equal(await stations(), before + 1);

  const sheet =
    '站点名称,省份代码,县（市、区）,乡镇,建站日期,兼职信息助理（人）,培训农户（人）\n' +
    '安德镇农村商务信息服务站,510000,郫县,安德镇,2007-05-01,1,80\n' +
    '犀浦镇农村商务信息服务站,510000,郫县,犀浦镇,2007-05-01,abc,80\n';
  const upload = page.locator('#station-upload');
  const send = async (text) => {
    await upload.locator('input[type=file]').setInputFiles({ name: 'stations.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    return Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/console/rural/upload')),
      upload.locator('button[type=submit]').click(),
    ]);
  };
  const [bad] = await send(sheet);
  assert.equal(bad.status(), 400);
  await page.locator('#problems').waitFor();
  const problems = await page.locator('#problems').innerText();
  assert.match(problems, /第3行 F 兼职信息助理（人）/);
  assert.doesNotMatch(problems, /第2行/);
  assert.equal(await stations(), before + 1, 'nothing from the refused sheet was written');
  await Promise.all([page.waitForURL(/registered=2/), send(sheet.replace(',abc,', ',3,'))]);
  assert.equal(await stations(), before + 3);
  assert.ok(await page.locator('#template-xlsx').getAttribute('href'));

  // The public page filtered to Sichuan: 郫县 with its three stations and six assistants.
  await page.goto(`${base}/rural?province=510000`);
  const counties = page.locator('table[data-rural-counties] tbody tr');
  const pixian = counties.filter({ hasText: '郫县' });
  const cells = await pixian.locator('td').allInnerTexts();
  assert.equal(cells[0], '四川省');
  assert.deepEqual(cells.slice(2, 5), ['3', '3', '6']);
  for (const row of await counties.allInnerTexts()) assert.match(row, /^四川省/);
  const answer = await page.goto(`${base}/rural?province=sichuan`);
  assert.equal(answer.status(), 400);
  assert.match(await page.locator('main').innerText(), /sichuan/);
});
