// Every demo account signs in through the real form (administrators enrol their second
// factor) and sees the console menu its role allows; logging out ends the session.

import assert from 'node:assert/strict';
import { login } from '../support/login.mjs';
import { totp } from '../support/otp.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

const ALL = ['工作台', 'API 令牌', '修改密码'];
const EXPECTED = {
  'ministry.admin': ['企业注册审核'],
  'ministry.staff': ['企业注册审核'],
  'sichuan.staff': ['企业注册审核'],
  'hubei.staff': ['企业注册审核'],
  'chengdu.admin': ['本开发区信息'],
  'wuhan.admin': ['本开发区信息'],
  'suzhou.admin': ['本开发区信息'],
  'enterprise.demo': [],
  'agency.demo': [],
  'cdb.demo': [],
  sysadmin: ['用户与机构'],
  secadmin: ['用户与机构'],
  auditor: ['审计日志'],
};

async function signIn(page, base, username, password) {
  const url = await login(page, base, username, password);
  if (url.pathname === '/login/second-factor') {
    const secret = (await page.locator('[data-secret]').innerText()).trim();
    await page.locator('input[name=code]').fill(totp(secret));
    await Promise.all([page.waitForURL('**/console'), page.locator('input[name=code]').press('Enter')]);
  }
  assert.equal(new URL(page.url()).pathname, '/console', `${username} lands on the console`);
}

for (const [username, extra] of Object.entries(EXPECTED)) {
  test(`${username} sees the menu of its role`, async ({ page, base, server }) => {
    await signIn(page, base, username, server.password);
    const items = (await page.locator('aside.sidebar nav a').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(new Set(items), new Set([...ALL, ...extra]), `${username}: ${items.join(', ')}`);
    await page.locator('.badge.demo').first().waitFor();

    await Promise.all([page.waitForURL(base + '/'), page.getByRole('button', { name: '退出登录' }).click()]);
    await page.goto('/console');
    assert.equal(new URL(page.url()).pathname, '/login', 'signed out: the console asks to sign in');
  });
}
