// Every demo account signs in through the real form (the three administrators enrol their TOTP
// second factor on the way), lands on the console, sees exactly the menu its role allows and the
// demo badge, is refused the pages its menu does not offer, and signs out for good.

import assert from 'node:assert/strict';
import { logout, sidebarItems, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

// The sidebar in the order the console shows it, and the page behind each role-bound item.
const MENU = [
  '工作台',
  '待办事项',
  '本开发区信息',
  '招商项目',
  '匹配的转移意向',
  '企业信息',
  '转移意向',
  '项目跟踪',
  '项目跟踪统计',
  '疑似重复审核',
  '待我方解决的问题',
  '资金申请待办',
  '资金项目申报',
  '资金池与配额',
  '招商活动',
  '合作协议',
  '统计直报',
  '技工培训',
  '价格报送',
  '购销对接',
  '信息服务站点',
  '流通企业登记',
  '物流网络',
  '企业注册审核',
  '用户与机构',
  '审计日志',
  '工程目标与进度',
  'API 令牌',
  '修改密码',
];
const COMMON = new Set(['工作台', '工程目标与进度', 'API 令牌', '修改密码']);
// Every account that acts for an organisation has a to-do list; the three administrators do not.
const TODOS = '待办事项';
const GATED = {
  本开发区信息: '/console/zone',
  招商项目: '/console/projects',
  企业信息: '/console/enterprise',
  转移意向: '/console/demands',
  企业注册审核: '/console/approvals',
  用户与机构: '/console/users',
  审计日志: '/console/audit',
  项目跟踪统计: '/console/pipeline/figures',
  疑似重复审核: '/console/pipeline/review',
  待我方解决的问题: '/console/pipeline/problems',
  资金项目申报: '/console/funds',
  资金池与配额: '/console/funds/dashboard',
  招商活动: '/console/events',
  合作协议: '/console/agreements',
  统计直报: '/console/returns',
  技工培训: '/console/training',
  价格报送: '/console/prices',
  购销对接: '/console/farm-trade',
  信息服务站点: '/console/rural',
  流通企业登记: '/console/distributors',
  物流网络: '/console/logistics',
};

const ZONE = '本开发区信息';
const PROJECTS = '招商项目';
const MATCHES = '匹配的转移意向';
const ENTERPRISE = '企业信息';
const DEMANDS = '转移意向';
const APPROVALS = '企业注册审核';
const USERS = '用户与机构';
const AUDIT = '审计日志';
const PIPELINE = '项目跟踪';
const FIGURES = '项目跟踪统计';
const REVIEW = '疑似重复审核';
const PROBLEMS = '待我方解决的问题';
// Applicants (zones, enterprises, agencies) and reviewers (provinces, ministry, bank) work on
// fund applications; reviewers see the pools.
const FUNDS = ['资金申请待办', '资金项目申报'];
const POOLS = '资金池与配额';
const EVENTS = '招商活动';
const AGREEMENTS = '合作协议';
const RETURNS = '统计直报';
// Government and zones follow technician training (notice 3.1).
const TRAINING = '技工培训';
// Wholesale markets are run by enterprises: enterprise staff report prices.
const PRICES = '价格报送';
// Enterprises, markets and cooperatives (registered as enterprises) post farm-product offers.
const FARM_TRADE = '购销对接';
// The writing staff of the ministry and of provinces keep the rural information stations.
const RURAL = '信息服务站点';
// The ministry's writing staff keep the logistics network (notice measure 6).
const LOGISTICS = '物流网络';
// The ministry and provinces see figures and review duplicates; zones keep their pipeline;
// every organisation sees the problems routed to it and takes part in events; government and
// zones read cooperation agreements.
// The ministry's and provinces' writing staff register agricultural distributors (measure 10).
const DISTRIBUTORS = '流通企业登记';
const ABOVE_ZONES = [FIGURES, REVIEW, PROBLEMS, ...FUNDS, POOLS, EVENTS, AGREEMENTS, RETURNS, TRAINING, DISTRIBUTORS, APPROVALS];

/** Each demo account: its role-bound menu items, and whether it must pass a second factor. */
const ACCOUNTS = {
  'ministry.admin': { items: [TODOS, PROJECTS, ...ABOVE_ZONES, RURAL, LOGISTICS], totp: true },
  'ministry.staff': { items: [TODOS, ...ABOVE_ZONES, RURAL, LOGISTICS], totp: true },
  'sichuan.staff': { items: [TODOS, ...ABOVE_ZONES, RURAL], totp: true },
  'hubei.staff': { items: [TODOS, ...ABOVE_ZONES, RURAL], totp: true },
  'chengdu.admin': { items: [TODOS, ZONE, PROJECTS, MATCHES, PIPELINE, PROBLEMS, ...FUNDS, EVENTS, AGREEMENTS, RETURNS, TRAINING] },
  'wuhan.admin': { items: [TODOS, ZONE, PROJECTS, MATCHES, PIPELINE, PROBLEMS, ...FUNDS, EVENTS, AGREEMENTS, RETURNS, TRAINING] },
  'suzhou.admin': { items: [TODOS, ZONE, PROJECTS, MATCHES, PIPELINE, PROBLEMS, ...FUNDS, EVENTS, AGREEMENTS, RETURNS, TRAINING] },
  'enterprise.demo': { items: [TODOS, ENTERPRISE, DEMANDS, PROBLEMS, ...FUNDS, EVENTS, PRICES, FARM_TRADE] },
  'buyer.demo': { items: [TODOS, ENTERPRISE, DEMANDS, PROBLEMS, ...FUNDS, EVENTS, PRICES, FARM_TRADE] },
  'agency.demo': { items: [TODOS, PROBLEMS, ...FUNDS, EVENTS] },
  'cdb.demo': { items: [TODOS, PROBLEMS, ...FUNDS, POOLS, EVENTS], totp: true },
  sysadmin: { items: [USERS], totp: true },
  secadmin: { items: [USERS], totp: true },
  auditor: { items: [AUDIT], totp: true },
};

const expectedMenu = (items) => MENU.filter((item) => COMMON.has(item) || items.includes(item));

test('the server prints exactly the demo accounts tested here', async ({ server }) => {
  assert.equal(server.password, 'Gowest-Demo-2006');
  assert.deepEqual([...server.accounts.keys()].sort(), Object.keys(ACCOUNTS).sort());
});

for (const [username, { items, totp: needsTotp = false }] of Object.entries(ACCOUNTS)) {
  test(`${username}: signs in, sees its role's menu, signs out`, async ({ page, context, base, server }) => {
    const { url, secondFactor } = await signIn(page, base, username, server.password);
    assert.equal(secondFactor, needsTotp ? 'enrol' : null, `${username}: second factor step`);
    assert.equal(url.pathname, '/console', `${username} lands on the console`);
    await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();

    assert.deepEqual(await sidebarItems(page), expectedMenu(items), `${username}: sidebar`);
    const userbox = page.locator('aside.sidebar .userbox');
    assert.equal((await userbox.locator('.muted').first().innerText()).trim(), username);
    assert.equal((await userbox.locator('.badge.demo').innerText()).trim(), '演示账号');

    // What the menu leaves out is refused, not merely hidden; what it offers opens.
    for (const [item, path] of Object.entries(GATED)) {
      const res = await page.request.get(path);
      assert.equal(res.status(), items.includes(item) ? 200 : 403, `${username}: GET ${path}`);
    }

    const [session] = (await context.cookies()).filter((c) => c.name === 'gowest_session');
    assert.ok(session, 'a session cookie after signing in');
    assert.equal(session.httpOnly, true, 'the session cookie is HttpOnly');

    await logout(page, base);
    await page.locator('#lang-switch').waitFor();
    assert.equal(new URL(page.url()).pathname, '/', 'signed out onto the public home page');
    assert.match(await page.locator('h1').first().innerText(), /万商西进工程/);

    await page.goto('/console');
    assert.equal(new URL(page.url()).pathname, '/login', 'signed out: /console asks to sign in');
    await page.locator('input[name=username]').waitFor();

    // The session is ended on the server too: its old cookie no longer opens the console.
    await context.addCookies([session]);
    const replay = await page.request.get('/console', { maxRedirects: 0 });
    assert.equal(replay.status(), 303, 'the old session cookie is refused');
    assert.match(replay.headers().location ?? '', /^\/login/);
  });
}

test('an administrator is not signed in before the second factor', async ({ page, base, server }) => {
  // sysadmin enrols in its own test above; here it stops at the password.
  await page.goto('/login');
  await page.locator('input[name=username]').fill('sysadmin');
  await page.locator('input[name=password]').fill(server.password);
  await Promise.all([page.waitForURL('**/login/second-factor'), page.locator('input[name=password]').press('Enter')]);
  await page.locator('input[name=code]').waitFor();
  for (const path of ['/console', '/console/users']) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    assert.equal(res.status(), 303, `GET ${path} before the second factor`);
    assert.equal(res.headers().location, '/login/second-factor');
  }
  // A wrong code keeps the administrator out.
  await page.locator('input[name=code]').fill('000000');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.locator('input[name=code]').press('Enter');
  assert.equal((await answer).status(), 401);
  await page.locator('[role=alert]').getByText('动态验证码不正确或已过期').waitFor();
});

test('sichuan.staff switches from its province to 成都经开区 (read-only) and back', async ({ page, base, server }) => {
  await signIn(page, base, 'sichuan.staff', server.password);
  const userbox = page.locator('aside.sidebar .userbox');
  await userbox.getByText('四川省商务厅 · 工作人员').waitFor();
  assert.deepEqual(await sidebarItems(page), expectedMenu([TODOS, ...ABOVE_ZONES, RURAL]));

  const switcher = userbox.locator('form.switch-org');
  await switcher.locator('select[name=org_id]').selectOption({ label: '成都经济技术开发区管委会' });
  await Promise.all([page.waitForEvent('load'), switcher.getByRole('button', { name: '切换' }).click()]);
  await userbox.getByText('成都经济技术开发区管委会 · 只读').waitFor();
  // Read-only in a zone: no registrations to decide, and not the zone's editor.
  assert.deepEqual(await sidebarItems(page), expectedMenu([TODOS, PIPELINE, PROBLEMS, EVENTS, AGREEMENTS, RETURNS, TRAINING]));
  assert.equal((await page.request.get('/console/approvals')).status(), 403);
  assert.equal((await page.request.get('/console/zone')).status(), 403);
  assert.equal((await page.request.get('/console/rural')).status(), 403, 'a zone keeps no stations');
  await page.locator('.figure', { hasText: '数据范围' }).getByText('本开发区').waitFor();

  await switcher.locator('select[name=org_id]').selectOption({ label: '四川省商务厅' });
  await Promise.all([page.waitForEvent('load'), switcher.getByRole('button', { name: '切换' }).click()]);
  await userbox.getByText('四川省商务厅 · 工作人员').waitFor();
  assert.deepEqual(await sidebarItems(page), expectedMenu([TODOS, ...ABOVE_ZONES, RURAL]));
  assert.equal((await page.request.get('/console/approvals')).status(), 200);
});
