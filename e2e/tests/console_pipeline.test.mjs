// A zone keeps its 招商 pipeline in the console: chengdu.admin adds a record (在谈), moves it to
// 签约 with a contract amount, sees its card move from the 在谈 column to the 签约 column of
// the board, and sees the zone's figures (signed projects, signed amount) change.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

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

  const name = `端到端测试笔记本电脑项目${Date.now() % 100000}`;
  await page.getByRole('link', { name: '新增项目' }).click();
  await page.locator('input[name=project_name]').fill(name);
  await page.locator('input[name=investor_name]').fill('深圳市端到端测试电子有限公司');
  await page.locator('input[name=investor_origin]').fill('440000');
  await page.locator('input[name=industry]').fill('39');
  await Promise.all([page.waitForURL(/\/console\/pipeline\/\d+$/), page.getByRole('button', { name: '保存' }).click()]);
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.equal((await page.locator('[data-stage-now]').innerText()).trim(), '在谈');

  await page.goto('/console/pipeline');
  await page.locator(`[data-stage=negotiating] [data-record="${id}"]`).waitFor();

  await page.goto(`/console/pipeline/${id}`);
  const form = page.locator('form[data-form=advance]');
  await form.locator('select[name=to]').selectOption('signed');
  await form.locator('input[name=on]').fill('2007-04-26');
  await form.locator('input[name=contract_amount_yuan]').fill('150000000');
  await Promise.all([page.waitForURL(/\/console\/pipeline\/\d+$/), form.getByRole('button', { name: '保存' }).click()]);
  assert.equal((await page.locator('[data-stage-now]').innerText()).trim(), '签约');

  await page.goto('/console/pipeline');
  await page.locator(`[data-stage=signed] [data-record="${id}"]`).waitFor();
  assert.equal(await page.locator(`[data-stage=negotiating] [data-record="${id}"]`).count(), 0, 'the card left 在谈');
  assert.equal(await figure(page, 'signed'), signedBefore + 1, 'one more signed project');
  assert.equal(await figure(page, 'amount'), amountBefore + 150000000, 'the amount adds up exactly');
});
