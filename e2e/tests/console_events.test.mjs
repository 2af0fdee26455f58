// Events and cooperation in the console, the main path: an agency creates an event; an
// enterprise and a zone register; the agency approves them; the enterprise requests a meeting
// with the zone; the agency runs the scheduler; the enterprise's agenda shows the meeting with
// its time and table, and its .ics file holds it. A ministry reader sees an overdue milestone
// of the demo agreements marked 已逾期.

import assert from 'node:assert/strict';
import { logout, signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

async function register(page, base, server, username, eventPath, contact) {
  await signIn(page, base, username, server.password);
  await page.goto(eventPath);
  await page.locator('input[name=contact_name]').fill(contact);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '报名参会' }).click()]);
  assert.equal((await page.locator('.reg-status').innerText()).trim(), '待审核', `${username} is pending`);
  await logout(page, base);
}

test('register, request a meeting, the organiser schedules, the agenda shows it', async ({ page, base, server }) => {
  const name = `端到端测试招商推介会${Date.now() % 100000}`;
  await signIn(page, base, 'agency.demo', server.password);
  await page.goto('/console/events');
  await page.getByRole('link', { name: '新建活动' }).click();
  await page.locator('input[name=name_zh]').fill(name);
  await page.locator('select[name=kind]').selectOption('eastbound_trip');
  await page.locator('input[name=city_zh]').fill('深圳');
  await page.locator('input[name=starts_on]').fill('2008-06-10');
  await page.locator('input[name=ends_on]').fill('2008-06-11');
  await page.locator('input[name=meeting_on]').fill('2008-06-11');
  await Promise.all([
    page.waitForURL(/\/console\/events\/\d+\/organiser$/),
    page.getByRole('button', { name: '创建并开放报名' }).click(),
  ]);
  const organiser = new URL(page.url()).pathname;
  const eventPath = organiser.replace(/\/organiser$/, '');
  await logout(page, base);

  // The event is public.
  await page.goto('/events');
  await page.getByRole('link', { name }).waitFor();

  await register(page, base, server, 'enterprise.demo', eventPath, '张经理');
  await register(page, base, server, 'chengdu.admin', eventPath, '李局长');

  await signIn(page, base, 'agency.demo', server.password);
  await page.goto(organiser);
  for (const org of ['深圳演示电子有限公司', '成都经济技术开发区管委会']) {
    const row = page.locator('#registrations tbody tr', { hasText: org });
    await Promise.all([page.waitForEvent('load'), row.getByRole('button', { name: '通过', exact: true }).click()]);
  }
  await logout(page, base);

  await signIn(page, base, 'enterprise.demo', server.password);
  await page.goto(eventPath);
  assert.equal((await page.locator('.reg-status').innerText()).trim(), '已通过');
  await page.locator('select[name=to_registration_id]').selectOption({ label: '成都经济技术开发区管委会' });
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '提交预约' }).click()]);
  await page.locator('ul.requests', { hasText: '成都经济技术开发区管委会' }).waitFor();
  await logout(page, base);

  await signIn(page, base, 'agency.demo', server.password);
  await page.goto(organiser);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '运行排程' }).click()]);
  assert.match(await page.locator('.schedule-report').innerText(), /1 \/ 1/);
  assert.equal((await page.locator('dd.meetings').innerText()).trim(), '1');
  await logout(page, base);

  await signIn(page, base, 'enterprise.demo', server.password);
  await page.goto(eventPath);
  const meeting = page.locator('table.agenda tbody tr');
  assert.equal(await meeting.count(), 1);
  const cells = (await meeting.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.deepEqual(cells, ['09:00–09:20', '1', '成都经济技术开发区管委会']);
  const ics = await page.request.get(`${eventPath}/agenda.ics`);
  assert.equal(ics.status(), 200);
  const text = await ics.text();
  assert.match(text, /BEGIN:VEVENT/);
  assert.match(text, /DTSTART:20080611T010000Z/, '09:00 in China is 01:00 UTC');
});

test('an overdue milestone of an agreement shows as overdue', async ({ page, base, server }) => {
  await signIn(page, base, 'ministry.staff', server.password);
  await Promise.all([
    page.waitForURL('**/console/agreements'),
    page.locator('aside.sidebar').getByRole('link', { name: '合作协议' }).click(),
  ]);
  const row = page.locator('table.agreements tbody tr', { hasText: '产业转移合作协议' });
  await row.locator('.badge.overdue').waitFor();
  await Promise.all([page.waitForEvent('load'), row.getByRole('link').first().click()]);
  const overdue = page.locator('.timeline li.state-overdue', { hasText: '首批10家转移企业签约' });
  assert.equal((await overdue.locator('.badge').innerText()).trim(), '已逾期');
  // The co-built park with its ledger apart from the host zone's statistics.
  await page.goto('/console/agreements');
  await page.locator('table.parks tbody tr', { hasText: '成都—苏州共建电子信息产业园' }).waitFor();
});
