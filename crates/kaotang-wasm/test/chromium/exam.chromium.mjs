// Loads the package in Debian's Chromium (playwright-core, no downloaded browser) and drives
// a 微考堂 through the page: four questions, one answered wrongly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
let server;
let browser;

before(async () => {
  server = await serve();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('a 微考堂 in the browser', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`${server.url}/test/chromium/page.html`);
  await page.waitForSelector('body[data-ready=yes]', { timeout: 30_000 });
  assert.equal(await page.evaluate(() => window.kaotangTest.errorCode()), 'NOT_FOUND');

  const plan = ['right', 'wrong', 'right', 'right'];
  for (const what of plan) {
    const id = await page.getAttribute('#stem', 'data-id');
    const key = await page.evaluate((id) => window.kaotangTest.key(id), id);
    const pick = what === 'right' ? key : (key + 1) % 4;
    await page.click(`button.option[data-index="${pick}"]`);
  }
  assert.equal(await page.textContent('#result'), '得分 75（答对 3 / 4）');
  assert.equal(await page.locator('p.wrong').count(), 1);
  const log = await page.evaluate(() => window.kaotangTest.log());
  assert.deepEqual(log.map((e) => [e.entry, e.mode, e.correct]), [
    ['review', 'exam', true],
    ['review', 'exam', false],
    ['review', 'exam', true],
    ['review', 'exam', true],
  ]);
  assert.deepEqual(errors, []);
});
