// Ministry classes (notice 3.3) in the console: ministry.staff sees the demo survey's demand
// summed by topic with the surveyed people beside each topic in the planning form, is refused
// a class with bad fields (400, fields named, nothing saved), then plans one that appears with
// its invited zones.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('ministry.staff plans a class beside the surveyed demand', async ({ page, base, server }) => {
  await signIn(page, base, 'ministry.staff', server.password);
  await page.goto('/console/training/classes');
  const survey = page.locator('section.class-survey').first();
  const year = await survey.getAttribute('data-year');
  const land = survey.locator('table.class-demand tbody tr', { hasText: '土地规划' });
  assert.deepEqual(
    (await land.locator('td').allInnerTexts()).map((t) => t.trim()),
    ['土地规划', '8', '12', '20', '2'],
  );
  const form = survey.locator('form.plan-form');
  assert.match(await form.locator('select[name=topic]').innerText(), /土地规划（20）/);

  await form.locator('select[name=topic]').selectOption('services');
  await form.locator('[name=title]').fill('');
  await form.locator('[name=starts_on]').fill(`${year}-10-09`);
  await form.locator('[name=ends_on]').fill(`${year}-10-12`);
  await form.locator('[name=place]').fill('武汉');
  await form.locator('[name=seats]').fill('0');
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/console/training/classes/plan')),
    form.locator('button[type=submit]').click(),
  ]);
  assert.equal(refused.status(), 400);
  const problems = await page.locator('#problems').innerText();
  assert.match(problems, /title/);
  assert.match(problems, /seats/);

  const again = page.locator('section.class-survey').first().locator('form.plan-form');
  await again.locator('select[name=topic]').selectOption('services');
  await again.locator('[name=title]').fill('服务业发展与管理培训班');
  await again.locator('[name=starts_on]').fill(`${year}-10-09`);
  await again.locator('[name=ends_on]').fill(`${year}-10-12`);
  await again.locator('[name=place]').fill('武汉');
  await again.locator('[name=seats]').fill('30');
  await Promise.all([page.waitForURL(/\/console\/training\/classes$/), again.locator('button[type=submit]').click()]);
  const row = page.locator('table.ministry-classes tbody tr', { hasText: '服务业发展与管理培训班' });
  const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
  assert.equal(cells[3], '武汉');
  assert.equal(cells[4], '0/30');
  assert.match(cells[6], /成都经济技术开发区/);
  assert.match(cells[6], /武汉经济技术开发区/);
  await page.screenshot({ path: '/tmp/classes-ministry.png', fullPage: true });
});
