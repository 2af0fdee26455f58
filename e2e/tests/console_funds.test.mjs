// Programme funds in the console, the main path: the ministry opens the interest-subsidy call,
// chengdu.admin fills in a claim and watches the live calculation (a claim above the computed
// interest is flagged), saves and submits it; sichuan.staff passes it from its queue;
// ministry.staff approves it, splits the quota, and the pool dashboard shows the commitment.

import assert from 'node:assert/strict';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** `1,234.50` → 123450 (fen), exactly. */
const fen = (text) => Number(text.replace(/[^0-9.-]/g, '').replace('.', ''));

async function act(page, action) {
  const form = page.locator('form[data-action-form]');
  await form.locator('select[name=action]').selectOption(action);
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '确定' }).click()]);
}

test('a zone files an interest-subsidy claim, the province passes it, the ministry approves it', async ({ page, base, server }) => {
  await signIn(page, base, 'chengdu.admin', server.password);
  await page.goto('/console/funds');
  const programme = page.locator('select[name=programme]').first();
  // The 2008 call is the one still open in the demo (2007's quota is already split).
  const option = programme.locator('option', { hasText: '2008年中西部' });
  await programme.selectOption(await option.getAttribute('value'));
  await Promise.all([page.waitForURL(/\/console\/funds\/new/), page.getByRole('button', { name: '填写申请' }).click()]);

  await page.locator('input[name=title]').fill('端到端贴息申请');
  await page.locator('input[name=lender]').first().fill('国家开发银行');
  await page.locator('input[name=principal_yuan]').first().fill('36000000');
  await page.locator('input[name=rate_percent]').first().fill('6');
  await page.locator('input[name=start]').first().fill('2008-01-01');
  await page.locator('input[name=end]').first().fill('2008-01-31');
  await page.locator('select[name=category]').first().selectOption('logistics_facility');
  // 36 000 000 × 6% × 30 / 360 = 180 000.00; the claim of 200 000 is flagged.
  await page.locator('input[name=interest_paid_yuan]').first().fill('200000');
  await page.locator('[data-preview=flagged]').waitFor();
  assert.equal(fen(await page.locator('[data-preview=eligible]').innerText()), 18_000_000);

  // A rate above 100% is refused inline, beside its field.
  await page.locator('input[name=rate_percent]').first().fill('120');
  await page.locator('#funds-preview .field-error[data-field="loans[0].rate_percent"]').waitFor();
  await page.locator('input[name=rate_percent]').first().fill('6');
  await page.locator('[data-preview=eligible]').waitFor();

  await Promise.all([page.waitForURL(/\/console\/funds\/\d+$/), page.getByRole('button', { name: '保存草稿' }).click()]);
  const id = new URL(page.url()).pathname.split('/').pop();
  assert.equal((await page.locator('[data-status-badge]').innerText()).trim(), '草稿');
  await act(page, 'submit');
  assert.equal(await page.locator('.field-error').count(), 0, 'the demo opens every call around today');
  assert.equal((await page.locator('[data-status-badge]').innerText()).trim(), '已提交');
  await logout(page, base);

  await signIn(page, base, 'sichuan.staff', server.password);
  await Promise.all([page.waitForEvent('load'), page.locator('aside.sidebar').getByRole('link', { name: '资金申请待办' }).click()]);
  await page.locator(`table[data-funds-table] tr[data-id="${id}"] input[name=ids]`).check();
  await page.locator('select[name=action]').selectOption('province_approve');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '对所选申请执行' }).click()]);
  await page.locator('.flash[role=status]').getByText('成功 1').waitFor();
  assert.equal(await page.locator(`table[data-funds-table] tr[data-id="${id}"]`).count(), 0, 'it left the province queue');
  await logout(page, base);

  await signIn(page, base, 'ministry.staff', server.password);
  await page.goto(`/console/funds/${id}`);
  await page.locator('.flash.warn').waitFor();
  await act(page, 'approve');
  assert.equal((await page.locator('[data-status-badge]').innerText()).trim(), '部已批准');
  const steps = await page.locator('table[data-history] tbody tr td:nth-child(2)').allInnerTexts();
  assert.deepEqual(steps.map((s) => s.trim()), ['提交', '省级审核通过', '批准']);

  await Promise.all([page.waitForEvent('load'), page.locator('aside.sidebar').getByRole('link', { name: '资金池与配额' }).click()]);
  const row = page.locator('table[data-pools-table] tr', { hasText: '2008年中西部' });
  const before = fen(await row.locator('[data-committed]').innerText());
  await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: '按配额分配' }).click()]);
  const after = fen(await page.locator('table[data-pools-table] tr', { hasText: '2008年中西部' }).locator('[data-committed]').innerText());
  assert.ok(after >= before + 18_000_000, `the claim's 180 000.00 is committed (${before} → ${after})`);
  await page.locator('#funds-pool-chart svg').waitFor();
});
