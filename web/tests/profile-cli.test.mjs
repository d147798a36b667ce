// A learner moves between the CLI and the web: `kaotang profile export` → web 导入 → web 导出
// → `kaotang profile import` gives back the same log, byte for byte.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';
import { openApp } from './app.mjs';

// scripts/test-web.sh builds it; KAOTANG_BIN names another build.
const KAOTANG = process.env.KAOTANG_BIN ?? fileURLToPath(new URL('../../target/debug/kaotang', import.meta.url));
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

function kaotang(dir, args, input) {
  const env = { ...process.env };
  delete env.KAOTANG_PROFILE; // every call names its --profile
  return execFileSync(KAOTANG, args, { cwd: dir, input, encoding: 'utf8', env });
}

test('CLI export → web import → web export → CLI import keeps every entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaotang-web-'));
  kaotang(dir, ['--profile', 'cli.db', '--learner', '张三', '--date', '2026-06-01', 'drill', '--new', '3'], '不会\nB\n不会\n');
  kaotang(dir, ['--profile', 'cli.db', '--learner', '张三', '--date', '2026-06-01', 'today'], '不会\n已读\n');
  kaotang(dir, ['--profile', 'cli.db', '--learner', '张三', 'profile', 'export', '-o', 'cli.json']);
  const cliText = readFileSync(join(dir, 'cli.json'), 'utf8');
  const log = JSON.parse(cliText).learners[0].log;
  const entries = log.length;
  const answers = log.filter((e) => e.entry === 'review').length;
  assert.deepEqual([answers, entries - answers], [4, 1], '4 answers and a reading');

  const page = await openApp(browser, server.url, { hash: '#me' });
  await page.setInputFiles('#import-file', join(dir, 'cli.json'));
  await page.waitForFunction((n) => document.body.textContent.includes(`本机保存了 ${n} 条`), entries);
  assert.match(await page.textContent('#data-status'), new RegExp(`已导入学员“张三”的 ${entries} 条记录`));
  await page.goto(`${server.url}/#progress`);
  await page.waitForSelector('#answers-total');
  assert.match(await page.textContent('#answers-total'), /共作答 4 次，答对 1 次/);

  await page.goto(`${server.url}/#me`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const webPath = join(dir, 'web.json');
  await download.saveAs(webPath);
  assert.equal(readFileSync(webPath, 'utf8'), cliText, 'the web export is the CLI export');

  kaotang(dir, ['--profile', 'back.db', 'profile', 'import', 'web.json']);
  kaotang(dir, ['--profile', 'back.db', '--learner', '张三', 'profile', 'export', '-o', 'back.json']);
  assert.equal(readFileSync(join(dir, 'back.json'), 'utf8'), cliText);
  assert.deepEqual(page.errors, []);
});
