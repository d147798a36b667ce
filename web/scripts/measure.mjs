// Speed of the learner app's first load (not a test): bytes transferred with gzip, as a
// static host serves them, and the time from navigation to the first question (每日一题 on
// the 今日 screen) being visible, in headless Debian Chromium on this machine.
// Run after `npm run build`: node scripts/measure.mjs [runs]
import { launch, serve } from '../tests/harness.mjs';

const runs = Number(process.argv[2] ?? 5);
const server = await serve({ gzip: true });
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function load({ warmFrom } = {}) {
  const context = warmFrom ?? (await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !warmFrom });
  const bytes = new Map();
  cdp.on('Network.loadingFinished', (e) => bytes.set(e.requestId, e.encodedDataLength));
  cdp.on('Network.responseReceived', (e) => bytes.set(`${e.requestId}:url`, e.response.url));
  await page.goto(`${server.url}/`);
  const handle = await page.waitForFunction(() => {
    const stem = document.querySelector('.stem');
    return stem && stem.getBoundingClientRect().height > 0 && performance.now();
  }, undefined, { polling: 'raf', timeout: 30_000 });
  const ms = await handle.jsonValue();
  await page.waitForLoadState('networkidle');
  const files = [...bytes.entries()].filter(([k]) => !k.endsWith(':url')).map(([id, n]) => [bytes.get(`${id}:url`) ?? id, n]);
  const total = files.reduce((s, [, n]) => s + n, 0);
  return { context, page, ms, total, files };
}

const cold = [];
let detail;
for (let i = 0; i < runs; i++) {
  const r = await load();
  cold.push(r);
  detail ??= r.files;
  if (i < runs - 1) await r.context.close();
}
// A second visit in the last context: the service worker serves the app from its cache.
const last = cold[cold.length - 1];
await last.page.evaluate(() => navigator.serviceWorker.ready);
const warm = [];
for (let i = 0; i < runs; i++) warm.push(await load({ warmFrom: last.context }));

console.log('first load (cold cache), gzip-compressed bytes transferred:');
for (const [url, n] of detail.sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(9)}  ${url.replace(server.url, '')}`);
console.log(`  total ${median(cold.map((r) => r.total))} bytes (${(median(cold.map((r) => r.total)) / 1024 / 1024).toFixed(2)} MiB; budget 1.5 MB)`);
console.log(`first question visible after navigation: cold median ${median(cold.map((r) => r.ms)).toFixed(0)} ms ` +
  `(runs: ${cold.map((r) => r.ms.toFixed(0)).join(', ')}; budget 1000 ms)`);
console.log(`  repeat visit (service worker cache): median ${median(warm.map((r) => r.ms)).toFixed(0)} ms ` +
  `(runs: ${warm.map((r) => r.ms.toFixed(0)).join(', ')})`);
await browser.close();
await server.close();
