// Bad input from the address bar or a tampered form: a message the visitor can act on, a 4xx
// status, never a 5xx (the harness fails a test on any 5xx answer it sees).

import assert from 'node:assert/strict';
import { afterSwap } from '../support/htmx.mjs';
import { useGowest } from '../support/suite.mjs';

const { test } = useGowest(import.meta.url);

/** The error box sits above the search form, and the form is still there to correct. */
async function assertErrorAboveForm(page, mentioning) {
  const alert = page.locator('#query-errors .alert.error');
  await alert.waitFor({ state: 'visible' });
  assert.match(await alert.innerText(), mentioning);
  const above = await page.evaluate(() => {
    const errors = document.getElementById('query-errors');
    const form = document.querySelector('form.search');
    return !!form && !!(errors.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(above, 'the error message is not above the search form');
}

test('an unknown region in the URL: 400 and a message above the form', async ({ page }) => {
  const res = await page.goto('/zones?region=middle');
  assert.equal(res.status(), 400);
  await assertErrorAboveForm(page, /middle/);
  await page.getByRole('heading', { level: 1, name: '开发区名录' }).waitFor();
  assert.equal(await page.locator('#zone-results td.name a').count(), 0, 'zones listed for a bad query');
  assert.equal(await page.locator('#zone-results a', { hasText: '导出' }).count(), 0, 'export offered for a bad query');
});

test('a tampered filter sent by htmx: the message appears without a reload', async ({ page }) => {
  await page.goto('/zones');
  await page.locator('#zone-results td.name a').first().waitFor();
  assert.equal(await page.locator('#query-errors .alert').count(), 0);
  // A value the form never offers, as a hand-edited request would send.
  await page.locator('select[name=region] option[value=west]').evaluate((o) => {
    o.value = 'middle';
  });
  const res = await afterSwap(page, '#zone-results', () =>
    page.locator('select[name=region]').selectOption('middle'),
  );
  assert.equal(res.status(), 400);
  await assertErrorAboveForm(page, /middle/);
  assert.equal(await page.locator('#zone-results td.name a').count(), 0);
});

test('a zone that does not exist: the 404 page', async ({ page }) => {
  const res = await page.goto('/zones/99999999');
  assert.equal(res.status(), 404);
  assert.equal((await page.locator('.status-code').innerText()).trim(), '404');
  await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
  // The way on is offered.
  await page.locator('main').getByRole('link', { name: '开发区名录' }).waitFor();
});

test('other malformed addresses answer 4xx, never 5xx', async ({ page }) => {
  const cases = [
    ['/zones?page=-1', 400],
    ['/zones?per_page=99999', 400],
    ['/zones?sort=DROP%20TABLE', 400],
    ['/zones?province=999999', 400],
    ['/zones?national_in_2006=maybe', 400],
    ['/zones?region=west&region=east', 400],
    [`/zones?q=${'长'.repeat(300)}`, 400],
    ['/zones/export.xlsx?region=middle', 400],
    ['/zones/abc', 404],
    ['/zones/-1', 404],
    ['/zones/99999999999999999999999', 404],
    ['/lang/xx', 404],
  ];
  for (const [path, status] of cases) {
    const res = await page.request.get(path);
    assert.equal(res.status(), status, `GET ${path}`);
  }
  // A script in the search box is shown as text, not run.
  await page.goto(`/zones?q=${encodeURIComponent('<img src=x onerror="window.__xss=1">')}`);
  await page.locator('input[name=q]').waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});
