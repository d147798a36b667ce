// 现场赛 logs between the CLI and the browser: a log written by the real `kaotang contest stage`
// imports to the board its rules give; the host's export is byte for byte what the CLI
// writes and the CLI resumes from it; a torn last line is reported in Chinese and the rest
// kept; an unreadable saved record is reported and left untouched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { launch, newPage, screenshot, serve } from './harness.mjs';
import { events, hostScores, openStage, press, screenScores } from './stage-support.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stageYaml = join(root, 'question-banks/blueprints/stage.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kaotang-stage-'));

/** The CLI binary `cargo test` built (CI runs it before the web tests); built here if absent. */
function cli() {
  const bin = join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug', 'kaotang');
  if (!existsSync(bin)) execFileSync('cargo', ['build', '-p', 'kaotang-cli', '--locked'], { cwd: root, stdio: 'inherit' });
  return bin;
}

/** Runs the CLI console on `log` with `commands` typed in; returns what it printed. */
function console_(config, log, commands) {
  return execFileSync(cli(), ['contest', 'stage', '--config', config, '--log', log], {
    input: `${commands.join('\n')}\nquit\n`,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

// The CLI's commands, and the scores stage.yaml's rules give them: 必答 t1 right (+10), t2
// wrong (no deduction); 抢答 t3 right (+10); the judges take 5 off t4.
const COMMANDS = ['开始 1', '出题', '对 t1', '出题', '错 t2', 'start 2', 'question', 'go', 'buzz t3', 'right t3', 'adjust t4 -5 迟到'];
const EXPECTED = { t1: 100 + 10, t2: 100, t3: 100 + 10, t4: 100 - 5 };

let server;
let browser;
let cliLog;
before(async () => {
  server = await serve();
  browser = await launch();
  const log = join(dir, 'cli.log');
  console_(stageYaml, log, COMMANDS);
  cliLog = readFileSync(log, 'utf8');
  assert.equal(cliLog.split('\n').filter(Boolean).length, COMMANDS.length);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function exported(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

test('a log written by the CLI imports; the export is what the CLI writes, and the CLI resumes from it', async () => {
  const { host, screen } = await openStage(browser, server.url);
  const file = join(dir, '决赛.log');
  writeFileSync(file, cliLog);
  await host.setInputFiles('#import-log', file);
  await host.waitForSelector(`body[data-events="${COMMANDS.length}"]`);
  assert.deepEqual(await hostScores(host), EXPECTED);
  assert.deepEqual(await screenScores(screen, EXPECTED), EXPECTED);
  assert.match(await host.textContent('#message'), /已导入日志“决赛.log”：11 个事件/);

  const log = readFileSync(await exported(host, '#export-log'), 'utf8');
  assert.equal(log, cliLog, 'the export is byte for byte the CLI log');

  // One more question from the console: it names the first 抢答题 of the paper the CLI
  // assembles from stage-paper.yaml with the same seed. Then the CLI reads the export with
  // the exported configuration and shows the same board.
  await press(host, 'q');
  const paper = join(dir, 'paper');
  execFileSync(cli(), ['contest', 'paper', '--blueprint', join(root, 'question-banks/blueprints/stage-paper.yaml'), '--seed', '2026', '-o', paper]);
  const sections = JSON.parse(readFileSync(join(paper, 'contest.json'), 'utf8')).assembly.forms[0].sections;
  const first = sections.find((s) => s.name === '抢答题').questions[0];
  const config = await exported(host, '#export-config');
  const more = await exported(host, '#export-log');
  assert.equal(readFileSync(more, 'utf8').split('\n').at(-2), `{"event":"question","question":"${first}"}`);
  assert.match(await host.textContent('#host-key'), /答案：/);
  const out = console_(config, more, ['board']);
  assert.match(out, /已从日志恢复 12 个事件/);
  for (const [name, score] of [['东城区代表队', EXPECTED.t1], ['海淀区代表队', EXPECTED.t4]]) {
    assert.match(out, new RegExp(`${name}\\s+${score}\\b`));
  }
  assert.deepEqual(host.errors, []);
  await host.context().close();
});

test('a log with a torn last line: a Chinese message, every complete event kept', async () => {
  const { host, screen } = await openStage(browser, server.url);
  // A crash mid-write: the 12th line stops halfway.
  const file = join(dir, '断电.log');
  writeFileSync(file, `${cliLog}{"event":"start_round","rou`);
  await host.setInputFiles('#import-log', file);
  await host.waitForSelector(`body[data-events="${COMMANDS.length}"]`);
  const alert = await host.textContent('#alert');
  assert.match(alert, /日志最后一行（第 12 行）不完整，已略去/);
  assert.match(alert, /11 个事件/);
  assert.deepEqual(await hostScores(host), EXPECTED);
  assert.deepEqual(await screenScores(screen, EXPECTED), EXPECTED);
  await screenshot(host, 'stage-host-torn-log-1920');

  // A log broken in the middle is refused as a whole, naming the line; nothing changes.
  const bad = join(dir, '损坏.log');
  writeFileSync(bad, cliLog.replace('{"event":"go"}', '{"event":"go"'));
  await host.setInputFiles('#import-log', bad);
  await host.waitForFunction(() => /无法导入/.test(document.querySelector('#alert')?.textContent ?? ''));
  assert.match(await host.textContent('#alert'), /第 8 行/);
  assert.match(await host.textContent('#alert'), /当前比赛没有改动/);
  assert.equal(await events(host), COMMANDS.length);
  assert.deepEqual(await hostScores(host), EXPECTED);

  // The imported contest persisted: a reload replays it.
  await host.reload();
  await host.waitForSelector('body[data-ready=yes]');
  assert.deepEqual(await hostScores(host), EXPECTED);
  await host.context().close();
});

test('a saved record that cannot be replayed is reported and kept as it was', async () => {
  const host = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  await host.goto(`${server.url}/host.html`);
  await host.waitForSelector('body[data-events]');
  // Another program (or a bad edit) leaves an event the rules refuse in the record.
  const broken = await host.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('kaotang-stage', 1);
        req.onsuccess = () => {
          const db = req.result;
          const store = db.transaction('contest', 'readwrite').objectStore('contest');
          const get = store.get('current');
          get.onsuccess = () => {
            const record = { ...get.result, log: '{"event":"start_round","round":0}\n{"event":"answer","team":"t2","correct":true}\n' };
            store.put(record, 'current').onsuccess = () => resolve(record);
          };
        };
        req.onerror = () => reject(req.error);
      }),
  );
  await host.reload();
  await host.waitForSelector('body[data-ready=yes]');
  const text = await host.textContent('#alert');
  assert.match(text, /浏览器中保存的比赛无法恢复/);
  assert.match(text, /第 2 个事件/);
  assert.match(text, /没有任何改动/);
  const kept = await host.evaluate(
    () =>
      new Promise((resolve) => {
        indexedDB.open('kaotang-stage', 1).onsuccess = (e) => {
          const get = e.target.result.transaction('contest').objectStore('contest').get('current');
          get.onsuccess = () => resolve(get.result);
        };
      }),
  );
  assert.deepEqual(kept, broken);
  assert.deepEqual(host.errors, []);
  await host.context().close();
});

test('one console per browser profile; 新比赛 keeps the finished one as a backup', async () => {
  const { host } = await openStage(browser, server.url);
  await press(host, 'Shift+Digit1');
  const second = await host.context().newPage();
  await second.goto(`${server.url}/host.html`);
  await second.waitForSelector('body[data-ready=yes]');
  assert.match(await second.textContent('#alert'), /主持台已在另一个窗口或标签页中打开/);
  assert.equal(await second.getAttribute('body', 'data-events'), null, 'the second console loads no contest');
  await second.close();

  host.on('dialog', (d) => d.accept());
  await host.click('#new-contest');
  await host.waitForSelector('body[data-events="0"]');
  const keys = await host.evaluate(
    () =>
      new Promise((resolve) => {
        indexedDB.open('kaotang-stage', 1).onsuccess = (e) => {
          const all = e.target.result.transaction('contest').objectStore('contest').getAllKeys();
          all.onsuccess = () => resolve(all.result);
        };
      }),
  );
  assert.equal(keys.filter((k) => k.startsWith('backup-')).length, 1);
  assert.ok(keys.includes('current'));
  await host.context().close();
});
