// The language switch on a console page: the sidebar, user box and page turn English, stay so
// after a reload and on the next console page, and switch back to Chinese.

import assert from 'node:assert/strict';
import { sidebarItems, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

const htmlLang = (page) => page.locator('html').getAttribute('lang');

test('hubei.staff switches the console to English; it stays after reload; and back', async ({
  page,
  context,
  base,
  server,
}) => {
  await signIn(page, base, 'hubei.staff', server.password);
  await page.goto('/console/approvals');
  assert.equal(await htmlLang(page), 'zh-CN');
  assert.deepEqual(await sidebarItems(page), ['工作台', '待办事项', '项目跟踪统计', '疑似重复审核', '待我方解决的问题', '资金申请待办', '资金项目申报', '资金池与配额', '招商活动', '合作协议', '统计直报', '技工培训', '信息服务站点', '流通企业登记', '企业注册审核', '工程目标与进度', 'API 令牌', '修改密码']);

  const toEnglish = page.locator('#lang-switch');
  assert.equal((await toEnglish.innerText()).trim(), 'English');
  await Promise.all([page.waitForEvent('load'), toEnglish.click()]);
  await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
  assert.equal(new URL(page.url()).pathname, '/console/approvals', 'the switch stays on the page');

  const english = [
    'Dashboard',
    'To-dos',
    'Pipeline figures',
    'Duplicate review',
    'Problems routed to us',
    'Funds to act on',
    'Fund applications',
    'Pools and quotas',
    'Promotion events',
    'Cooperation agreements',
    'Statistical returns',
    'Technician training',
    'Information stations',
    'Distributors',
    'Registrations',
    'Programme targets',
    'API tokens',
    'Change password',
  ];
  const checkEnglish = async () => {
    assert.equal(await htmlLang(page), 'en');
    assert.deepEqual(await sidebarItems(page), english);
    const userbox = page.locator('aside.sidebar .userbox');
    assert.equal((await userbox.locator('.badge.demo').innerText()).trim(), 'Demo account');
    await userbox.getByText('湖北省商务厅 · Staff').waitFor();
    await page.locator('aside.sidebar').getByRole('button', { name: 'Log out' }).waitFor();
  };
  await checkEnglish();
  await page.getByRole('heading', { level: 1, name: 'Company registrations' }).waitFor();
  assert.ok(
    (await context.cookies()).some((c) => c.name === 'lang' && c.value === 'en'),
    'the choice is kept in a cookie',
  );

  await page.reload();
  await checkEnglish();
  await page.getByRole('heading', { level: 1, name: 'Company registrations' }).waitFor();

  // Another console page, reached through the sidebar, is English too.
  await Promise.all([
    page.waitForURL('**/console'),
    page.locator('aside.sidebar').getByRole('link', { name: 'Dashboard' }).click(),
  ]);
  await checkEnglish();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

  const toChinese = page.locator('#lang-switch');
  assert.equal((await toChinese.innerText()).trim(), '中文');
  await Promise.all([page.waitForEvent('load'), toChinese.click()]);
  await page.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
  assert.equal(new URL(page.url()).pathname, '/console');
  assert.deepEqual(await sidebarItems(page), ['工作台', '待办事项', '项目跟踪统计', '疑似重复审核', '待我方解决的问题', '资金申请待办', '资金项目申报', '资金池与配额', '招商活动', '合作协议', '统计直报', '技工培训', '信息服务站点', '流通企业登记', '企业注册审核', '工程目标与进度', 'API 令牌', '修改密码']);
  await page.reload();
  assert.equal(await htmlLang(page), 'zh-CN');
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
});
