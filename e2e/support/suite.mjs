// One server and one browser per test file; one fresh browser context per test.
//
//   import { useGowest } from '../support/suite.mjs';
//   const { test } = useGowest(import.meta.url);
//   test('zone directory filters by region', async ({ page, base, server }) => { ... });
//
// `page` starts blank with baseURL = the server, so `page.goto('/zones')` works. Tests must not
// depend on each other: each gets new cookies, and writes are visible only to the same file.

import { after, before, test as nodeTest } from 'node:test';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARTIFACTS, artifactName, launchBrowser, withPage } from './browser.mjs';
import { startServer } from './server.mjs';

const TEST_TIMEOUT_MS = 30_000;

export function useGowest(fileUrl) {
  const file = path.basename(fileURLToPath(fileUrl)).replace(/\.test\.mjs$/, '');
  const env = { server: null, browser: null, failed: false };

  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });

  after(async () => {
    await env.browser?.close();
    if (env.server && env.failed) {
      // The server's log beside the screenshots, for the failing file only.
      await mkdir(ARTIFACTS, { recursive: true });
      await writeFile(path.join(ARTIFACTS, `${artifactName(file)}.server.log`), env.server.output());
    }
    await env.server?.stop();
  });

  function test(name, fn, options = {}) {
    return nodeTest(name, { timeout: TEST_TIMEOUT_MS, ...options }, async () => {
      const { server, browser } = env;
      try {
        await withPage(browser, { base: server.base, name: `${file}--${name}` }, ({ page, context }) =>
          fn({ page, context, base: server.base, server }),
        );
      } catch (err) {
        env.failed = true;
        throw err;
      }
    });
  }

  return { test, env };
}
