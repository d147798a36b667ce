// The built pages load the package in Chromium: the learner page shows 每日一题 from the
// shipped banks, the host and screen pages load the contest module.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, newPage, serve } from './harness.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the learner page loads the package and the banks', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready=yes]', { timeout: 30_000 });
  assert.equal(await page.textContent('#title'), '今日');
  assert.match(await page.textContent('#read-title'), /天天读（第 1 \/ \d+ 篇）/);
  assert.deepEqual(page.errors, []);
});

for (const name of ['host', 'screen']) {
  test(`${name}.html loads the contest module`, async () => {
    const page = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/${name}.html`);
    await page.waitForSelector('body[data-ready=yes]', { timeout: 30_000 });
    assert.deepEqual(page.errors, []);
  });
}
