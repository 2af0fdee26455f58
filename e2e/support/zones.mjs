// Reading the public portal's zone pages from back-office tests.

/** The id of the zone named exactly `name`, found through the directory's search box. */
export async function zoneIdByName(page, name) {
  await page.goto(`/zones?q=${encodeURIComponent(name)}`);
  const link = page.locator('#zone-results td.name a').filter({ hasText: new RegExp(`^${name}$`) });
  const href = await link.first().getAttribute('href');
  const id = href?.match(/\/zones\/(\d+)/)?.[1];
  if (!id) throw new Error(`no zone named ${name} in the directory (link ${href})`);
  return Number(id);
}

/** The text of one fact (`<dt>label</dt><dd>value</dd>`) on the public page of zone `id`. */
export async function publicFact(page, id, label) {
  const res = await page.goto(`/zones/${id}`);
  if (res.status() !== 200) throw new Error(`GET /zones/${id} answered ${res.status()}`);
  const fact = page.locator('dl.facts > div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
  return (await fact.locator('dd').innerText()).trim();
}

/** 1234.5 → "1,234.50 元/㎡", as the public zone page writes a land price. */
export function landPriceText(yuan) {
  const [whole, frac] = yuan.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac} 元/㎡`;
}
