// Industrial transfer in the console: the demo enterprise drafts a relocation demand, publishes
// it and sees it listed as published; a zone administrator adds an investment project and sees it
// in its list.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** Click a sidebar item and wait for its page. */
async function openFromSidebar(page, name, path) {
  await Promise.all([
    page.waitForURL((url) => url.pathname === path),
    page.locator('aside.sidebar').getByRole('link', { name, exact: true }).click(),
  ]);
  assert.equal(await page.locator('aside.sidebar a[aria-current=page]').innerText(), name);
}

/** Click a button that posts a form, and resolve once the page it leads to has loaded. */
async function submit(page, button) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await Promise.all([page.waitForEvent('load'), button.click()]);
  return answer;
}

test('enterprise.demo drafts a relocation demand, publishes it and sees it as 已发布', async ({ page, base, server }) => {
  await signIn(page, base, 'enterprise.demo', server.password);
  await openFromSidebar(page, '转移意向', '/console/demands');
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/console/demands/new'),
    page.getByRole('link', { name: '新建转移意向' }).click(),
  ]);

  const title = `笔记本电脑配套生产线转移（浏览器测试 ${Date.now()}）`;
  await page.locator('input[name=title]').fill(title);
  await page.locator('select[name=industry]').selectOption('39');
  await page.locator('input[name=investment_yuan]').fill('200000000');
  await page.locator('input[name=workforce]').fill('1500');
  await page.getByRole('checkbox', { name: '深圳港' }).check();
  await page.getByRole('checkbox', { name: '西部' }).check();
  const saved = await submit(page, page.getByRole('button', { name: '保存', exact: true }));
  assert.equal(saved.status(), 303, 'a saved demand redirects to the list');
  assert.equal(new URL(page.url()).pathname, '/console/demands');
  await page.locator('.flash[role=status]').getByText('草稿').waitFor();

  const row = page.locator('tr', { hasText: title });
  assert.equal((await row.locator('.badge').innerText()).trim(), '草稿');
  assert.equal(await row.getByRole('link', { name: '查看匹配的开发区' }).count(), 1);
  const published = await submit(page, row.getByRole('button', { name: '发布' }));
  assert.equal(published.status(), 303);
  await page.locator('.flash[role=status]').getByText('已发布').waitFor();
  assert.equal((await page.locator('tr', { hasText: title }).locator('.badge').innerText()).trim(), '已发布');
  assert.equal(await page.locator('tr', { hasText: title }).getByRole('button', { name: '撤回' }).count(), 1);
});

test('chengdu.admin adds an investment project and sees it in its list', async ({ page, base, server }) => {
  await signIn(page, base, 'chengdu.admin', server.password);
  await openFromSidebar(page, '招商项目', '/console/projects');
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/console/projects/new'),
    page.getByRole('link', { name: '新增项目' }).click(),
  ]);

  const title = `成都智能终端配套产业园（浏览器测试 ${Date.now()}）`;
  await page.locator('input[name=title_zh]').fill(title);
  await page.locator('select[name=industry]').selectOption('39');
  await page.locator('input[name=amount_yuan]').fill('800000000');
  await page.locator('select[name=mode]').selectOption({ label: '合资' });
  await page.locator('input[name=land_mu]').fill('300');
  const saved = await submit(page, page.getByRole('button', { name: '保存', exact: true }));
  assert.equal(saved.status(), 303);
  assert.equal(new URL(page.url()).pathname, '/console/projects');
  await page.locator('.flash[role=status]').getByText('项目已保存').waitFor();
  const row = page.locator('tr', { hasText: title });
  assert.equal(await row.count(), 1, 'the new project is listed');
  assert.equal((await row.locator('.badge').innerText()).trim(), '招商中');
  assert.match(await row.innerText(), /80,000\.00/, 'investment in 万元');
});
