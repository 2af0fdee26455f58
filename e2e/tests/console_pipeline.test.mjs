// A zone keeps its 招商 pipeline in the console: chengdu.admin adds a record (在谈), moves it to
// 签约 with a contract amount, sees its card move from the 在谈 column to the 签约 column of
// the board, and sees the zone's figures (signed projects, signed amount) change.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** Adds a record through the console form; answers its id. */
async function addRecord(page, name) {
  await page.goto('/console/pipeline/new');
  await page.locator('input[name=project_name]').fill(name);
  await page.locator('input[name=investor_name]').fill('深圳市端到端测试电子有限公司');
  await page.locator('input[name=investor_origin]').fill('440000');
  await page.locator('input[name=industry]').fill('39');
  await Promise.all([page.waitForURL(/\/console\/pipeline\/\d+$/), page.getByRole('button', { name: '保存' }).click()]);
  return new URL(page.url()).pathname.split('/').pop();
}

/** Fills the record page's form `name` with `fields` (input or select name → value) and submits it. */
async function submit(page, name, fields) {
  const form = page.locator(`form[data-form="${name}"]`);
  for (const [field, value] of Object.entries(fields)) {
    const input = form.locator(`[name=${field}]`);
    if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(value);
    else await input.fill(value);
  }
  await Promise.all([page.waitForURL(/\/console\/pipeline\/\d+$/), form.locator('button[type=submit]').click()]);
}

/** The board's figure `name` as a number (`1,234.50` → 1234.5). */
async function figure(page, name) {
  const text = await page.locator(`[data-figure=${name}]`).innerText();
  return Number(text.replaceAll(',', ''));
}

test('chengdu.admin adds a record, signs it, and the board and figures follow', async ({ page, base, server }) => {
  await signIn(page, base, 'chengdu.admin', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/pipeline$/),
    page.locator('aside.sidebar').getByRole('link', { name: '项目跟踪' }).click(),
  ]);
  await page.locator('[data-board]').waitFor();
  const signedBefore = await figure(page, 'signed');
  const amountBefore = await figure(page, 'amount');

  await page.getByRole('link', { name: '新增项目' }).waitFor();
  const id = await addRecord(page, `端到端测试笔记本电脑项目${Date.now() % 100000}`);
  assert.equal((await page.locator('[data-stage-now]').innerText()).trim(), '在谈');

  await page.goto('/console/pipeline');
  await page.locator(`[data-stage=negotiating] [data-record="${id}"]`).waitFor();

  await page.goto(`/console/pipeline/${id}`);
  await submit(page, 'advance', { to: 'signed', on: '2007-04-26', contract_amount_yuan: '150000000' });
  assert.equal((await page.locator('[data-stage-now]').innerText()).trim(), '签约');

  await page.goto('/console/pipeline');
  await page.locator(`[data-stage=signed] [data-record="${id}"]`).waitFor();
  assert.equal(await page.locator(`[data-stage=negotiating] [data-record="${id}"]`).count(), 0, 'the card left 在谈');
  assert.equal(await figure(page, 'signed'), signedBefore + 1, 'one more signed project');
  assert.equal(await figure(page, 'amount'), amountBefore + 150000000, 'the amount adds up exactly');
});

test('a keeper records money without evidence, attaches it later, signs again and reports jobs', async ({ page, base, server }) => {
  await signIn(page, base, 'chengdu.admin', server.password);
  await addRecord(page, `端到端测试补件项目${Date.now() % 100000}`);
  await submit(page, 'advance', { to: 'signed', on: '2007-04-26', contract_amount_yuan: '80000000' });
  await submit(page, 'advance', { to: 'landed', on: '2007-06-01' });

  // Money in place without its evidence: counted apart as 待核实, with an upload beside it.
  await submit(page, 'funds', { received_on: '2007-06-15', source: 'other_province', kind: 'fixed_assets', amount_yuan: '5000000' });
  const upload = page.locator('form.inline-upload');
  await upload.waitFor();
  await upload.locator('input[type=file]').setInputFiles({
    name: '银行进账单.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% e2e bank slip\n%%EOF\n'),
  });
  await Promise.all([page.waitForURL(/\/console\/pipeline\/\d+$/), upload.locator('button[type=submit]').click()]);
  await page.getByRole('link', { name: '银行进账单.pdf' }).waitFor();
  assert.equal(await page.locator('form.inline-upload').count(), 0, 'nothing left to attach');

  // Signed again at an event: listed, and still one signing's amount.
  const event = await page.locator('form[data-form=signing] select[name=event_id] option').nth(1).getAttribute('value');
  await submit(page, 'signing', { signed_on: '2007-09-08', event_id: event });
  assert.equal(await page.locator('h3:has-text("签约") + ul li').count(), 2, 'two signings listed');

  await submit(page, 'jobs', { jobs_created: '350' });
  assert.equal((await page.locator('[data-jobs]').innerText()).trim(), '350');
  assert.equal((await page.locator('[data-stage-now]').innerText()).trim(), '落地', 'no stage move');
});
