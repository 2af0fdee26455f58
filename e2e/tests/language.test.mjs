// The language switch in the header: Chinese by default, English on request, remembered by a
// cookie, and back; the visitor stays on the page they were on.

import assert from 'node:assert/strict';
import { afterSwap } from '../support/htmx.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

const htmlLang = (page) => page.locator('html').getAttribute('lang');

test('switch to English, reload keeps it, switch back to Chinese', async ({ page, context }) => {
  await page.goto('/zones');
  assert.equal(await htmlLang(page), 'zh-CN');
  const menu = () => page.locator('nav.mainnav');
  await menu().getByRole('link', { name: '开发区名录' }).waitFor();

  // Filter with htmx first: the switch link must follow the pushed URL (out-of-band update).
  await afterSwap(page, '#zone-results', () => page.locator('select[name=region]').selectOption('west'));
  await page.waitForURL('**/zones?region=west');
  const toEnglish = page.locator('#lang-switch');
  assert.match(await toEnglish.getAttribute('href'), /next=%2Fzones%3Fregion%3Dwest/);
  assert.equal((await toEnglish.innerText()).trim(), 'English');
  await Promise.all([page.waitForEvent('load'), toEnglish.click()]);
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/zones?region=west');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Zone directory' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Zone directory' }).waitFor();
  assert.equal(await page.locator('select[name=region]').inputValue(), 'west', 'the filter was lost');

  const cookies = await context.cookies();
  assert.ok(
    cookies.some((c) => c.name === 'lang' && c.value === 'en'),
    `no lang=en cookie: ${JSON.stringify(cookies)}`,
  );

  await page.reload();
  assert.equal(await htmlLang(page), 'en');
  await menu().getByRole('link', { name: 'Zone directory' }).waitFor();

  // Another page in English too, then back to Chinese from there.
  await page.goto('/');
  assert.equal(await htmlLang(page), 'en');
  const toChinese = page.locator('#lang-switch');
  assert.equal((await toChinese.innerText()).trim(), '中文');
  await Promise.all([page.waitForEvent('load'), toChinese.click()]);
  await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  assert.equal(new URL(page.url()).pathname, '/');
  await menu().getByRole('link', { name: '开发区名录' }).waitFor();
  assert.equal(await page.locator('#lang-switch').innerText(), 'English');
});
