// 现场赛 in Chromium: the host console runs a short final by keyboard and the projector window
// (a second page of the same browser profile, synchronized over BroadcastChannel) shows the
// scores; a reload mid-final replays the same board from IndexedDB. The expected scores are
// worked out here from the rules in question-banks/blueprints/stage.yaml, not read back from
// the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertAccessible, launch, screenshot, serve } from './harness.mjs';
import { events, hostScores, openStage, press, screenScores } from './stage-support.mjs';

// stage.yaml: base 100; 必答 +10 / −0; 抢答 +10 / −10, −5 before the signal; 风险 ±tier; 加赛 +10.
const BASE = 100;
const REQUIRED_RIGHT = 10;
const BUZZ_RIGHT = 10;
const BUZZ_WRONG = 10;
const EARLY = 5;
const SUDDEN_RIGHT = 10;

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

test('the host runs a short final by keyboard; the projector shows the scores, a reload replays the same board', async () => {
  const { host, screen } = await openStage(browser, server.url);
  const score = { t1: BASE, t2: BASE, t3: BASE, t4: BASE };

  // 必答: t1 right, t2 wrong (no deduction), t3 right, t4 right, in rotation.
  await press(host, 'Shift+Digit1');
  assert.match(await host.textContent('#round-label'), /必答题/);
  for (const [team, right] of [['t1', true], ['t2', false], ['t3', true], ['t4', true]]) {
    await press(host, 'q');
    assert.match(await host.textContent('#host-prompt'), new RegExp(`请 .*作答`));
    if (team === 't1') {
      // The projector shows the question, never the key before the verdict.
      const stem = await host.textContent('#host-stem');
      await screen.waitForFunction((s) => document.querySelector('#screen-stem')?.textContent === s, stem);
      assert.equal(await screen.$('#screen-reveal'), null);
      assert.match(await screen.textContent('#screen-prompt'), /东城区代表队/);
      await screenshot(screen, 'stage-screen-question-1920');
    }
    await press(host, right ? 'y' : 'n');
    if (right) score[team] += REQUIRED_RIGHT;
  }
  assert.deepEqual(await hostScores(host), score);
  await screen.waitForSelector('#screen-reveal');

  // 抢答: t2 buzzes before the signal (−5, out of this question); after 开始, t1 buzzes and
  // misses (−10); t3 buzzes, the host first marks it wrong by mistake, undoes, marks it right.
  await press(host, 'Shift+Digit2');
  await press(host, 'q');
  await press(host, '2');
  score.t2 -= EARLY;
  await press(host, 'g');
  await press(host, '1');
  await press(host, 'n');
  score.t1 -= BUZZ_WRONG;
  await press(host, '3');
  await screenshot(host, 'stage-host-1920');
  await press(host, 'n');
  assert.equal((await hostScores(host)).t3, score.t3 - BUZZ_WRONG);
  await press(host, 'u');
  assert.equal((await hostScores(host)).t3, score.t3);
  assert.match(await host.textContent('#host-prompt'), /朝阳区代表队 抢答成功/);
  // Reload mid-question, right after the undo: the same board, the same log, the same
  // question open to the same team, the projector back in sync.
  const board = await host.innerHTML('#board');
  const log = await host.innerHTML('#event-log');
  const stem = await host.textContent('#host-stem');
  const n = await events(host);
  await host.reload();
  await host.waitForSelector('body[data-ready=yes]', { timeout: 60_000 });
  assert.equal(await events(host), n);
  assert.equal(await host.innerHTML('#board'), board);
  assert.equal(await host.innerHTML('#event-log'), log);
  assert.match(await host.textContent('#message'), new RegExp(`已从浏览器存储恢复 ${n} 个事件`));
  assert.deepEqual(await screenScores(screen, score), score);
  assert.match(await host.textContent('#host-prompt'), /朝阳区代表队 抢答成功/);
  assert.equal(await host.textContent('#host-stem'), stem);

  await press(host, 'y');
  score.t3 += BUZZ_RIGHT;
  assert.deepEqual(await screenScores(screen, score), score);

  // 风险: t1 picks 30 and is right, t2 passes, t3 picks 10 and misses, t4 picks 20, right.
  await press(host, 'Shift+Digit3');
  await press(host, '3');
  await press(host, 'y');
  score.t1 += 30;
  await press(host, 'p');
  await press(host, '1');
  await press(host, 'n');
  score.t3 -= 10;
  await press(host, '2');
  // The projector follows asynchronously (BroadcastChannel): wait for it, then compare.
  await screen.waitForFunction(() => /选择 20 分/.test(document.querySelector('#screen-prompt')?.textContent ?? '')).catch(() => {});
  assert.match(await screen.textContent('#screen-prompt'), /海淀区代表队 选择 20 分风险题/);
  await press(host, 'y');
  score.t4 += 20;

  // A manual adjustment by the judges.
  const before = await events(host);
  await host.selectOption('#adjust-team', 't2');
  await host.fill('#adjust-points', '5');
  await host.fill('#adjust-reason', '复核改判');
  await host.click('#adjust button[type=submit]');
  await host.waitForSelector(`body[data-events="${before + 1}"]`);
  score.t2 += 5;
  assert.deepEqual(score, { t1: 130, t2: 100, t3: 110, t4: 130 }, 'the worked example ties t1 and t4');
  assert.deepEqual(await screenScores(screen, score), score);

  // 加赛 between the two teams tied for first: t4 buzzes first and is right; the round ends.
  await press(host, 'Shift+Digit4');
  await press(host, 'q');
  await host.keyboard.press('2'); // t2 is not in the 加赛: no such button, nothing logged
  await press(host, '4');
  await press(host, 'y');
  score.t4 += SUDDEN_RIGHT;
  assert.match(await host.textContent('#round-label'), /加赛（已结束）/);
  assert.deepEqual(await hostScores(host), score);
  assert.deepEqual(await screenScores(screen, score), score);
  await screenshot(screen, 'stage-screen-board-1920');

  // The final ranking on the projector.
  await host.keyboard.press('b');
  await screen.waitForSelector('#ranking');
  const ranking = await screen.$$eval('#ranking li', (li) => li.map((l) => [l.dataset.team, l.querySelector('.place').textContent]));
  assert.deepEqual(ranking, [['t4', '第 1 名'], ['t1', '第 2 名'], ['t3', '第 3 名'], ['t2', '第 4 名']]);
  await screenshot(screen, 'stage-screen-ranking-1920');

  await assertAccessible(host, 'host');
  await host.keyboard.press('b');
  await screen.waitForSelector('#teams');
  await assertAccessible(screen, 'screen');
  assert.deepEqual(host.errors, []);
  assert.deepEqual(screen.errors, []);
  await host.context().close();
});
