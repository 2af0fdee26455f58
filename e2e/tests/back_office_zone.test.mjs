// A zone administrator keeps its zone's profile: a good change is saved and public, a bad
// one is refused with the reason beside each field and nothing saved, and another zone's
// edit page is refused. The console also follows the language switch.

import assert from 'node:assert/strict';
import { login } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

async function zoneId(page, name) {
  await page.goto(`/zones?q=${encodeURIComponent(name)}`);
  const href = await page.locator(`a:text-is("${name}")`).first().getAttribute('href');
  return Number(href.match(/\/zones\/(\d+)/)[1]);
}

test('chengdu.admin edits its own zone and is refused Wuhan', async ({ page, base, server }) => {
  const wuhan = await zoneId(page, '武汉经济技术开发区');
  await login(page, base, 'chengdu.admin', server.password);
  await page.locator('aside.sidebar').getByRole('link', { name: '本开发区信息' }).click();
  await page.locator('input[name=land_price_yuan_per_m2]').waitFor();
  const zonePath = new URL(page.url()).pathname;

  await page.locator('input[name=land_price_yuan_per_m2]').fill('456.70');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '保存' }).click()]);
  await page.getByText('已保存。').waitFor();

  await page.locator('input[name=land_price_yuan_per_m2]').fill('-5');
  await page.locator('input[name=contact_email]').fill('not-an-email');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '保存' }).click()]);
  const priceError = page.locator('.field-error[data-field=land_price_yuan_per_m2]');
  const mailError = page.locator('.field-error[data-field=contact_email]');
  assert.match(await priceError.innerText(), /负数/);
  assert.match(await mailError.innerText(), /邮箱/);
  // The error sits in the same label as its field.
  assert.equal(await page.locator('label:has(input[name=land_price_yuan_per_m2]) .field-error').count(), 1);

  const id = zonePath.split('/').pop();
  await page.goto(`/zones/${id}`);
  await page.getByText('456.70').first().waitFor();
  assert.equal(await page.getByText('-5').count(), 0, 'the refused value was not saved');

  const refused = await page.goto(`/console/zones/${wuhan}`);
  assert.equal(refused.status(), 403);
  await page.getByText('无权访问').first().waitFor();
});

test('the console follows the language switch', async ({ page, base, server }) => {
  await login(page, base, 'wuhan.admin', server.password);
  await Promise.all([page.waitForEvent('load'), page.locator('#lang-switch').click()]);
  await page.locator('aside.sidebar').getByRole('link', { name: 'My zone' }).waitFor();
  await page.reload();
  await page.locator('aside.sidebar').getByRole('link', { name: 'Dashboard' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
});
