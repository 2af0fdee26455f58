// A zone administrator keeps its zone's profile in the console: a valid change is saved and
// shows on the public zone page; bad input is refused with the reason beside each wrong field and
// nothing saved; another zone's edit page (and a post to it) is refused.

import assert from 'node:assert/strict';
import { signIn } from '../support/login.mjs';
import { useGowest } from '../support/suite.mjs';
import { landPriceText, publicFact, zoneIdByName } from '../support/zones.mjs';

const { test } = useGowest(import.meta.url);

const PRICE = 'land_price_yuan_per_m2';
const EMAIL = 'contact_email';
const PRICE_LABEL = '工业用地价格';

/** Sign in as chengdu.admin and open 本开发区信息 from the sidebar; resolves with the zone id. */
async function openOwnZone(page, base, server) {
  await signIn(page, base, 'chengdu.admin', server.password);
  await Promise.all([
    page.waitForURL(/\/console\/zones\/\d+$/),
    page.locator('aside.sidebar').getByRole('link', { name: '本开发区信息' }).click(),
  ]);
  await page.getByRole('heading', { level: 1, name: '成都经济技术开发区' }).waitFor();
  assert.equal(
    await page.locator('aside.sidebar a[aria-current=page]').innerText(),
    '本开发区信息',
    'the sidebar marks the page',
  );
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/** Click 保存 and resolve with the answer to the form's POST, once its page has loaded. */
async function save(page) {
  const answer = page.waitForResponse((r) => r.request().method() === 'POST');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: '保存', exact: true }).click()]);
  return answer;
}

test('chengdu.admin saves a new land price; bad input shows errors beside the fields and saves nothing', async ({
  page,
  base,
  server,
}) => {
  const id = await openOwnZone(page, base, server);
  const price = page.locator(`input[name=${PRICE}]`);
  const email = page.locator(`input[name=${EMAIL}]`);
  const oldEmail = await email.inputValue();
  const newPrice = Number(await price.inputValue()) === 2006.8 ? 2007.9 : 2006.8;

  // A valid price: saved, and public.
  await price.fill(String(newPrice));
  const saved = await save(page);
  assert.equal(saved.status(), 303, 'a saved form redirects (post/redirect/get)');
  assert.equal(new URL(page.url()).searchParams.get('saved'), '1');
  assert.equal((await page.locator('.flash[role=status]').innerText()).trim(), '已保存。');
  assert.equal(Number(await price.inputValue()), newPrice, 'the form shows the saved price');
  assert.equal(await page.locator('.field-error').count(), 0);
  assert.equal(await publicFact(page, id, PRICE_LABEL), landPriceText(newPrice));

  // A negative price and a malformed e-mail: refused, each error beside its own field.
  await page.goto(`/console/zones/${id}`);
  await price.fill('-5');
  await email.fill('not-an-email');
  const refused = await save(page);
  assert.equal(refused.status(), 400);
  await page.locator('.alert.error[role=alert]').getByText('未保存任何内容').waitFor();
  assert.equal(await page.locator('.flash[role=status]').count(), 0, 'no 已保存 for refused input');

  const priceError = page.locator(`.field-error[data-field=${PRICE}]`);
  const emailError = page.locator(`.field-error[data-field=${EMAIL}]`);
  assert.equal((await priceError.innerText()).trim(), '金额不能为负数');
  assert.equal((await emailError.innerText()).trim(), '电子邮箱格式不正确');
  assert.equal(await page.locator('.field-error').count(), 2, 'errors only on the two wrong fields');
  for (const [field, error] of [[PRICE, priceError], [EMAIL, emailError]]) {
    // Beside the field: in the same <label>, right after the input.
    const sibling = await error.evaluate((el) => el.previousElementSibling?.getAttribute('name'));
    assert.equal(sibling, field, `the error of ${field} follows its input`);
    assert.equal(await page.locator(`label:has(input[name=${field}]) .field-error`).count(), 1);
    assert.equal(await page.locator(`input[name=${field}]`).getAttribute('aria-invalid'), 'true');
  }
  // What was typed stays there to correct.
  assert.equal(await price.inputValue(), '-5');
  assert.equal(await email.inputValue(), 'not-an-email');

  // Nothing saved: the public page and a fresh form still have the previous values.
  assert.equal(await publicFact(page, id, PRICE_LABEL), landPriceText(newPrice));
  await page.goto(`/console/zones/${id}`);
  assert.equal(Number(await price.inputValue()), newPrice);
  assert.equal(await email.inputValue(), oldEmail);
});

test('chengdu.admin is refused the Wuhan zone: its edit page and a post to it', async ({ page, base, server }) => {
  const wuhan = await zoneIdByName(page, '武汉经济技术开发区');
  const wuhanPrice = await publicFact(page, wuhan, PRICE_LABEL);
  const own = await openOwnZone(page, base, server);
  assert.notEqual(own, wuhan);
  const csrf = await page.locator('form.zone-form input[name=csrf]').inputValue();

  const res = await page.goto(`/console/zones/${wuhan}`);
  assert.equal(res.status(), 403);
  await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
  assert.equal(await page.locator(`input[name=${PRICE}]`).count(), 0, 'no form on the refusal');

  // A hand-made post with this session's own CSRF token is refused just the same.
  const post = await page.request.post(`/console/zones/${wuhan}`, {
    form: { csrf, [PRICE]: '1', [EMAIL]: 'x@example.com' },
    maxRedirects: 0,
  });
  assert.equal(post.status(), 403);
  assert.equal(await publicFact(page, wuhan, PRICE_LABEL), wuhanPrice, "Wuhan's price is unchanged");
});
