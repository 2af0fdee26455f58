// A zone files its annual technician training plan and imports a roster in the console:
// chengdu.admin saves and submits the 2007 plan, uploads a roster with a bad 身份证号 and is
// refused whole with the row named, then uploads a good roster and sees its trainees with the
// numbers masked, never in full.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid 身份证号 from 17 digits (GB 11643 check character). */
function residentId(body) {
  const sum = [...body].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return body + '10X98765432'[sum % 11];
}

const HEADER = '姓名,身份证号,职业（工种）,培训课程,结业日期,考核结果,证书编号,证书等级\n';
const good = [residentId('51010019850304001'), residentId('51010019860405002'), residentId('51010019870506003')];

/** Uploads a roster and waits for its import job to finish: the page shows the job's bar,
 * polls it, and reloads once it has finished. Returns the finished job's element. */
async function upload(page, csv, state) {
  const form = page.locator('#roster-form');
  await form.locator('input[type=file]').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForURL(/job=\d+/), form.locator('button[type=submit]').click()]);
  const job = page.locator(`#import-job[data-state=${state}]`);
  await job.waitFor({ timeout: 30_000 });
  return job;
}

test('chengdu.admin files the plan, a roster with a bad row is refused whole, a good one imports', async ({ page, base, server }) => {
  await signIn(page, base, 'chengdu.admin', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/training/),
    page.locator('aside.sidebar').getByRole('link', { name: '技工培训' }).click(),
  ]);
  await page.goto('/console/training?year=2007');

  const plan = page.locator('#plan-form');
  await plan.locator('[name=year]').fill('2007');
  await plan.locator('[name=lines]').fill('焊工:200\n车工:150');
  await plan.locator('[name=institution]').fill('成都市高级技工学校');
  await plan.locator('[name=starts_on]').fill('2007-03-01');
  await plan.locator('[name=ends_on]').fill('2007-12-31');
  await plan.locator('[name=budget]').fill('1200000');
  await Promise.all([page.waitForURL(/year=2007/), plan.locator('button[type=submit]').click()]);
  const row = page.locator('table.training-plans tbody tr', { hasText: '成都市高级技工学校' });
  assert.equal((await row.locator('.plan-status').innerText()).trim(), '草稿');
  await Promise.all([page.waitForEvent('load'), row.locator('#submit-plan').click()]);
  assert.equal((await row.locator('.plan-status').innerText()).trim(), '待省级审核');

  // Row 4 has a wrong check character: the whole file is refused, row named, nothing saved.
  const bad = good[2].slice(0, 17) + (good[2].endsWith('1') ? '2' : '1');
  await upload(
    page,
    HEADER +
      `张一,${good[0]},焊工,焊工中级班,2007-05-20,合格,Z0001,四级\n` +
      `张二,${good[1]},车工,车工初级班,2007-06-20,,,\n` +
      `张三,${bad},车工,车工初级班,2007-06-20,,,\n`,
    'refused',
  );
  const problems = await page.locator('#problems').innerText();
  assert.match(problems, /第4行/);
  assert.ok(!problems.includes(bad), 'the refused number is not shown');
  assert.equal((await page.locator('#total-trained').innerText()).trim(), '0');

  const job = await upload(
    page,
    HEADER +
      `张一,${good[0]},焊工,焊工中级班,2007-05-20,合格,Z0001,四级\n` +
      `张二,${good[1]},车工,车工初级班,2007-06-20,,,\n` +
      `张三,${good[2]},车工,车工初级班,2007-06-20,,,\n`,
    'done',
  );
  assert.equal(await job.locator('progress').getAttribute('value'), '100');
  assert.equal((await job.locator('.percent').innerText()).trim(), '100%');
  await page.locator('#imported').waitFor();
  assert.equal((await page.locator('#total-trained').innerText()).trim(), '3');
  // Newest first, above the demo's trainees of this year.
  const names = await page.locator('table.trainees tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(names.slice(0, 3), ['张三', '张二', '张一']);
  const html = await page.content();
  for (const id of good) assert.ok(!html.includes(id), 'no full 身份证号 in the page');
  assert.ok(html.includes('5101**********'), 'masked numbers shown');
});

test('a 20,000-row roster shows its progress bar moving, then 100 %', async ({ page, base, server }) => {
  await signIn(page, base, 'wuhan.admin', server.password);
  await page.goto('/console/training?year=2008');
  let csv = HEADER;
  for (let i = 0; i < 20_000; i++) {
    const body = `420100${1960 + Math.floor(i / 1000)}0101${String(i % 1000).padStart(3, '0')}`;
    csv += `学员${i},${residentId(body)},车工,车工初级班,2008-${String((i % 12) + 1).padStart(2, '0')}-15,,,\n`;
  }
  const form = page.locator('#roster-form');
  await form.locator('input[type=file]').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForURL(/job=\d+/), form.locator('button[type=submit]').click()]);
  // While it runs the bar is there and polled; the page reloads when the import is done.
  const running = page.locator('#import-job[data-state=running] progress');
  await running.waitFor({ timeout: 10_000 });
  const job = page.locator('#import-job[data-state=done]');
  await job.waitFor({ timeout: 60_000 });
  assert.equal(await job.locator('progress').getAttribute('value'), '100');
  assert.match(await job.innerText(), /40000 \/ 40000/);
  assert.equal((await page.locator('#imported').innerText()).match(/\d+/)[0], '20000');
  assert.equal((await page.locator('#total-trained').innerText()).trim(), '20000');
});
