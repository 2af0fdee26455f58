// Waiting for htmx partial updates without fixed sleeps.

/**
 * Run `action` (which should make htmx swap new content into `target`) and resolve once the
 * swap has happened and settled. The old children of `target` are marked first, so a swap that
 * brings identical markup is still noticed. Returns the HTTP response of the htmx request.
 */
export async function afterSwap(page, target, action) {
  await page.locator(target).evaluate((el) => {
    for (const child of el.children) child.setAttribute('data-e2e-stale', '');
  });
  const response = page.waitForResponse((res) => res.request().headers()['hx-request'] === 'true');
  await action();
  const res = await response;
  await page.waitForFunction((selector) => {
    const el = document.querySelector(selector);
    return (
      el !== null &&
      el.children.length > 0 &&
      el.querySelector(':scope > [data-e2e-stale]') === null &&
      document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling') === null
    );
  }, target);
  return res;
}
