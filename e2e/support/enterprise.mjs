// Enterprise self-registration at /register, as a company's first administrator does it.

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The 18-character 统一社会信用代码 made of `body` (17 characters) and its check character (GB 32100-2015). */
export function creditCode(body) {
  if (body.length !== 17) throw new Error(`a credit code body has 17 characters: ${body}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(body[i]);
    if (value < 0) throw new Error(`not a credit code character: ${body[i]}`);
    sum += value * USCC_WEIGHTS[i];
  }
  return body + USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Fill the /register form (already open in `page`) with `company` — { name, creditCode,
 * province (its Chinese name), contact, username, password } — and submit it. Resolves with the
 * answer to the POST once its page has loaded.
 */
export async function submitRegistration(page, company) {
  const form = page.locator('form[action="/register"]');
  await form.locator('input[name=company_name]').fill(company.name);
  await form.locator('input[name=credit_code]').fill(company.creditCode);
  await form.locator('select[name=province_code]').selectOption({ label: company.province });
  await form.locator('input[name=contact_name]').fill(company.contact);
  await form.locator('input[name=username]').fill(company.username);
  await form.locator('input[name=password]').fill(company.password);
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/register'));
  await Promise.all([page.waitForEvent('load'), form.getByRole('button', { name: '提交注册' }).click()]);
  return answer;
}
