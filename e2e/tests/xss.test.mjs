// Stored XSS through a zone's name (security review finding 2): zone staff give their zone an
// English name that closes the chart's <script> element and one with an <img onerror>; the
// public pages that print it — the location finder's chart, the comparison and its chart
// tooltip — show it as text and run none of it. Every answer carries the strict CSP.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';
import { zoneIdByName } from '../support/zones.mjs';

const { test } = useGowest(import.meta.url);

const NAME = 'x</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

/** Fails the test when the page ran anything the name carried. */
async function assertNothingRan(page, dialogs, where) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${where}: script ran`);
  assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
  assert.equal(await page.locator('img[src=x]').count(), 0, `${where}: markup from the name`);
}

/** The chart data of /find for `query`, fetched without running it. */
async function findChartData(page, query) {
  const res = await page.request.get(`/find?${query}`);
  const html = await res.text();
  return html.match(/<script type="application\/json" id="find-chart-data">([^<]*)<\/script>/)?.[1] ?? '';
}

test('a zone name with </script> and <img onerror> shows as text on /find and /compare', async ({
  page,
  base,
  server,
}) => {
  const dialogs = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });

  const chengdu = await zoneIdByName(page, '成都经济技术开发区');
  const other = await zoneIdByName(page, '武汉经济技术开发区');
  await signIn(page, base, 'chengdu.admin', server.password);
  await page.goto(`/console/zones/${chengdu}`);
  await page.locator('input[name=name_en]').fill(NAME);
  const saved = page.waitForResponse((r) => r.request().method() === 'POST');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '保存', exact: true }).click()]);
  assert.equal((await saved).status(), 303, 'the name is saved');

  // English, so the pages print the English name.
  const english = await page.goto('/lang/en?next=/');
  const csp = english.headers()['content-security-policy'];
  assert.match(csp ?? '', /(^|; )script-src 'self';/, 'scripts only from the site itself');

  // A question whose top ten (the chart) holds the zone: try the industries in the form.
  await page.goto('/find');
  const industries = await page
    .locator('#find-form select[name=industry] option')
    .evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  let query = null;
  for (const industry of industries) {
    const q = `industry=${industry}&ports=1&workforce=100&regions=west&weight_industry_fit=100&weight_land_cost=0&weight_labour_cost=0&weight_labour_availability=0&weight_port_access=0&weight_regional_priority=0&weight_support=0`;
    if ((await findChartData(page, q)).includes('x\\u003c/script\\u003e')) {
      query = q;
      break;
    }
  }
  assert.ok(query, 'some question charts the zone');

  await page.goto(`/find?${query}`);
  const chart = page.locator('#find-chart');
  await chart.locator('svg').first().waitFor({ state: 'visible' });
  await page.locator('#find-results .match-title a', { hasText: NAME }).first().waitFor();
  // The chart's tooltip, for each bar until it names the zone.
  const tip = await page.evaluate((name) => {
    const instance = window.echarts.getInstanceByDom(document.getElementById('find-chart'));
    const zones = instance.getOption().yAxis[0].data;
    instance.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: zones.indexOf(name) });
    return zones.indexOf(name);
  }, NAME);
  assert.ok(tip >= 0, 'the chart names the zone');
  await page.locator('#find-chart div', { hasText: NAME }).last().waitFor();
  await assertNothingRan(page, dialogs, '/find');

  // The comparison: the table head, the radar chart and its tooltip.
  await page.goto(`/compare?${query}&zones=${chengdu}&zones=${other}`);
  await page.locator('table.compare thead th a', { hasText: NAME }).waitFor();
  const radar = page.locator('#compare-chart');
  await radar.locator('svg').first().waitFor({ state: 'visible' });
  await page.evaluate(() => {
    const instance = window.echarts.getInstanceByDom(document.getElementById('compare-chart'));
    instance.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
  });
  await page.locator('#compare-chart div', { hasText: NAME }).last().waitFor();
  await assertNothingRan(page, dialogs, '/compare');
});
