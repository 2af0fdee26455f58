// The service-base registers as a visitor sees them: outsourcing bases with offshore demand
// matched to interior bases, labour-export bases staffing overseas projects, and recycling
// pilots with their totals by material, reached through the 服务基地 menu and its tabs.

import assert from 'node:assert/strict';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('service bases: outsourcing matches, labour matches and recycling figures', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await Promise.all([page.waitForURL('**/outsourcing'), menu.getByRole('link', { name: '服务基地' }).click()]);
  await page.getByRole('heading', { level: 1, name: '服务外包基地' }).waitFor();
  assert.ok((await page.locator('table[data-bases] tbody tr').count()) >= 10);
  const nippon = page.locator('table[data-outsourcing-demands] tr', { hasText: 'Nippon Demo Systems' });
  assert.match(await nippon.innerText(), /中西部基地/, 'an interior base is among the best');

  const tabs = page.getByRole('navigation', { name: '服务基地' });
  await Promise.all([page.waitForURL('**/labour'), tabs.getByRole('link', { name: '劳务合作' }).click()]);
  const project = page.locator('table[data-labour-projects] tr', { hasText: '阿尔及利亚' });
  assert.match(await project.innerText(), /劳务输出基地/);

  await Promise.all([page.waitForURL('**/recycling'), tabs.getByRole('link', { name: '再生资源回收试点' }).click()]);
  assert.match(await page.locator('[data-recycling-figures]').innerText(), /废钢铁/);
  assert.equal(await page.locator('table[data-recycling-pilots] tbody tr').count(), 4);
});
