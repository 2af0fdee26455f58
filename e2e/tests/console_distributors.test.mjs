// Wholesale markets and distributors: sichuan.staff registers a distributor in the console (a
// wrong credit code is refused with the field named and nothing written) and finds it on the
// public /markets page beside the pilot programmes' terms by region; enterprise.demo, the clerk
// of a demo wholesale market in the east, applies to the market pilot programme and is refused
// by the eastern turnover threshold with the field named.

import assert from 'node:assert/strict';
import { creditCode } from '../support/enterprise.mjs';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('a province registers a distributor, the public page lists it; a market is refused a pilot by a threshold', async ({ page, base, server }) => {
  await signIn(page, base, 'sichuan.staff', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/distributors/),
    page.locator('aside.sidebar').getByRole('link', { name: '流通企业登记' }).click(),
  ]);
  const form = page.locator('form[data-distributor-form]');
  const code = creditCode('91510100MA6E2E001');
  await form.locator('[name=name_zh]').fill('成都端到端冷链配送有限公司');
  await form.locator('[name=credit_code]').fill(code.slice(0, 17) + (code[17] === '0' ? '1' : '0'));
  await form.locator('[name=county]').fill('双流区');
  await form.locator('[name=business]').selectOption('cold_chain_logistics');
  await form.locator('[name=annual_turnover_yuan]').fill('350000000');
  await form.locator('[name=storage_tonnes]').fill('12000');
  await form.locator('[name=trading_area_m2]').fill('9000');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/distributors') && r.request().method() === 'POST'),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(refused.status(), 400);
  await page.locator('.field-error[data-field=credit_code]').waitFor();
  assert.equal(await page.locator('table[data-distributors]').getByText('成都端到端冷链配送有限公司').count(), 0, 'nothing written');

  await page.locator('form[data-distributor-form] [name=credit_code]').fill(code);
  await Promise.all([page.waitForEvent('load'), page.locator('form[data-distributor-form] button[type=submit]').click()]);
  await page.locator('table[data-distributors]').getByText('成都端到端冷链配送有限公司').waitFor();

  await page.goto(`${base}/markets`);
  assert.match(await page.locator('table[data-distributors]').innerText(), /成都端到端冷链配送有限公司/);
  const terms = await page.locator('table[data-pilot-terms]').first().innerText();
  assert.match(terms, /西部/);
  assert.match(terms, /\b40%/, 'the west is funded at a higher share');
  await page.goto(`${base}/console`);
  await logout(page, base);

  await signIn(page, base, 'enterprise.demo', server.password);
  await page.goto(`${base}/console/funds`);
  const programme = page.locator('select[name=programme]').first();
  const option = programme.locator('option', { hasText: '农产品批发市场建设改造试点' });
  await programme.selectOption(await option.getAttribute('value'));
  await Promise.all([page.waitForURL(/\/console\/funds\/new/), page.getByRole('button', { name: '填写申请' }).click()]);
  await page.locator('input[name=title]').fill('交易大厅改造试点申请');
  await page.locator('input[name=project_name]').fill('交易大厅及冷库改造');
  await page.locator('select[name=purpose]').selectOption('market_upgrade');
  await page.locator('input[name=amount_yuan]').fill('1000000');
  // 6亿元 meets the west's threshold (5亿元) but not the east's (20亿元).
  await page.locator('input[name=annual_turnover_yuan]').fill('600000000');
  await page.locator('input[name=trading_area_m2]').fill('120000');
  await page.locator('input[name=years_in_operation]').fill('6');
  await page.locator('input[name=project_cost_yuan]').fill('10000000');
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && /\/console\/funds\/new/.test(r.url())),
    page.getByRole('button', { name: '保存草稿' }).click(),
  ]);
  assert.equal(answer.status(), 400);
  const error = page.locator('.field-error[data-field=annual_turnover_yuan]');
  await error.waitFor();
  assert.match(await error.innerText(), /东部地区申请人的年交易额须不低于/);
});

test('a province registers a wholesale market; a bad province is refused with the field named', async ({ page, base, server }) => {
  await signIn(page, base, 'hubei.staff', server.password);
  const hubei = page.locator('table[data-markets-provinces] tr', { hasText: '湖北省' });
  const marketsOf = async () => Number((await hubei.locator('td').nth(2).innerText()).trim());
  await page.goto(`${base}/markets`);
  const before = await marketsOf();
  await page.goto(`${base}/console/distributors`);
  const form = page.locator('form[data-market-form]');
  await form.locator('[name=name_zh]').fill('武汉白沙洲农副产品大市场');
  await form.locator('[name=province_code]').fill('510000');
  await form.locator('[name=county]').fill('洪山区');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/distributors/markets')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(refused.status(), 403, 'another province is not hubei.staff\'s to register');
  await page.goto(`${base}/console/distributors`);
  await form.locator('[name=name_zh]').fill('武汉白沙洲农副产品大市场');
  await form.locator('[name=province_code]').fill('4200');
  const [bad] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/distributors/markets')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(bad.status(), 400);
  await page.locator('.field-error[data-field="market.province_code"]').waitFor();
  await form.locator('[name=province_code]').fill('420000');
  await Promise.all([page.waitForURL(/\/markets$/), form.locator('button[type=submit]').click()]);
  assert.match(await hubei.innerText(), /湖北省\s+中部/);
  assert.equal(await marketsOf(), before + 1, 'the demo markets and this one');
});
