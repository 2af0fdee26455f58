// Searching the portal: Chinese words find the projects that contain them, highlighted; a
// facet narrows the results; pinyin finds a zone by its name.

import assert from 'node:assert/strict';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

test('电子信息 产业转移 finds projects, a region facet narrows them, pinyin finds a zone', async ({ page }) => {
  await page.goto('/');
  const menu = page.getByRole('navigation', { name: '主菜单' });
  await Promise.all([page.waitForURL('**/search'), menu.getByRole('link', { name: '检索' }).click()]);
  await page.getByRole('searchbox').fill('电子信息 产业转移');
  await Promise.all([page.waitForURL('**/search?q=*'), page.getByRole('button', { name: '检索' }).click()]);

  const total = Number((await page.locator('#search-total').innerText()).replace(/,/g, ''));
  assert.ok(total > 0, 'the demo projects are found');
  const hits = page.locator('ol.hits > li');
  assert.equal(await hits.count(), Math.min(total, 20));
  const marks = await page.locator('ol.hits mark').allInnerTexts();
  assert.ok(marks.some((m) => m.includes('产业转移')), `highlighted: ${marks.slice(0, 5)}`);
  for (const kind of await hits.locator('.badge').allInnerTexts()) {
    assert.equal(kind, '招商项目');
  }

  const west = page.locator('aside.facets a', { hasText: '西部' });
  const westCount = Number((await west.locator('xpath=following-sibling::span').innerText()).replace(/,/g, ''));
  await Promise.all([page.waitForURL((url) => url.searchParams.get('region') === 'west'), west.click()]);
  assert.equal(Number((await page.locator('#search-total').innerText()).replace(/,/g, '')), westCount);
  assert.ok(westCount < total, 'the facet narrowed the results');

  await page.goto('/search?q=chengdu');
  const titles = await page.locator('ol.hits > li > a').allInnerTexts();
  assert.ok(titles.some((t) => t.includes('成都经济技术开发区')), `pinyin: ${titles.slice(0, 5)}`);
});
