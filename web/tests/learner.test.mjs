// The learner app in Chromium: a daily drill that survives a reload, a 微考堂 submitted by
// the clock, a 挑战答题 ending at the first wrong answer after the revive, 大字模式, damaged
// local records and foreign files, accessibility, and screenshots of the main screens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertAccessible, launch, newPage, screenshot, serve } from './harness.mjs';
import { advance, answer, openApp } from './app.mjs';

const PHONE = { width: 360, height: 640 };
const DESKTOP = { width: 1920, height: 1080 };
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

async function recordCount(page) {
  await page.goto(`${server.url}/#me`);
  await page.waitForSelector('body[data-ready=yes]');
  const text = await page.textContent('main');
  return Number(/本机保存了 (\d+) 条学习记录/.exec(text)?.[1]);
}

test('每日答题: five answers are stored and kept after a reload', async () => {
  const page = await newPage(browser);
  // Record when each log write commits and when each verdict appears.
  await page.addInitScript(() => {
    const events = (globalThis.kaotangEvents = []);
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function (...args) {
      if (this.name === 'log') this.transaction.addEventListener('complete', () => events.push('committed'));
      return add.apply(this, args);
    };
    new MutationObserver(() => {
      const v = document.getElementById('verdict');
      if (v && !v.dataset.seen) {
        v.dataset.seen = 'yes';
        events.push('verdict');
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${server.url}/#study`);
  await page.waitForSelector('body[data-ready=yes]');
  await page.click('#start-daily');
  const plan = [true, false, true, true, false];
  for (const [i, right] of plan.entries()) {
    await page.waitForSelector('#stem');
    await answer(page, right);
    await page.waitForSelector('#verdict');
    assert.equal(await page.textContent('#verdict'), right ? '✓ 回答正确' : '✗ 回答错误', `answer ${i + 1}`);
    if (right && ['single', 'judge', 'multiple', 'order'].includes(await page.getAttribute('#stem', 'data-type'))) {
      assert.ok(await page.locator('button.option[aria-pressed="true"]').count() > 0, `answer ${i + 1}: the pick stays marked`);
    }
    if (i === 0) await screenshot(page, 'daily-feedback-360');
    await page.click('#next');
  }
  // Each answer's record was committed before its feedback showed.
  assert.deepEqual(await page.evaluate(() => globalThis.kaotangEvents),
    Array.from({ length: 5 }, () => ['committed', 'verdict']).flat());
  await page.reload();
  await page.waitForSelector('body[data-ready=yes]');
  await page.goto(`${server.url}/#progress`);
  await page.waitForSelector('#answers-total');
  assert.match(await page.textContent('#answers-total'), /共作答 5 次，答对 3 次/);
  await page.waitForFunction(() => !/正在计算/.test(document.getElementById('plan-result')?.textContent ?? ''));
  await screenshot(page, 'progress-after-drill-360');
  assert.equal(await recordCount(page), 5);
  await page.goto(`${server.url}/#points`);
  assert.ok(Number(await page.textContent('#points-today')) >= 3, 'three right answers earn points');
  await screenshot(page, 'points-after-drill-360');
  assert.deepEqual(page.errors, []);
});

test('今日: 每日一题 is asked once a day; 天天读 is marked read', async () => {
  const page = await openApp(browser, server.url, { hash: '#today' });
  await page.click('#qotd-start');
  await answer(page, true);
  await page.click('#next');
  await page.waitForSelector('#finished');
  await page.click('#back'); // back to 今日, where the session started
  await page.waitForSelector('#qotd-done');
  assert.equal(await page.textContent('#qotd-done'), '✓ 今日已作答');
  assert.equal(await page.locator('#qotd-start').count(), 0);
  await page.click('#mark-read');
  await page.waitForSelector('#read-title');
  await page.waitForFunction(() => /今日已读/.test(document.getElementById('app')?.textContent ?? ''));
  await page.reload();
  await page.waitForSelector('#qotd-done');
  assert.match(await page.textContent('main'), /今日已读/);
  assert.equal(await recordCount(page), 2);
  assert.deepEqual(page.errors, []);
});

test('微考堂: the countdown is shown and the exam is submitted when the clock passes the limit', async () => {
  const page = await openApp(browser, server.url, { hash: '#study', clock: true });
  await page.click('#start-exam');
  await page.waitForSelector('#timer');
  assert.match(await page.textContent('#timer'), /剩余 [45]:\d\d/);
  await answer(page, true);
  await page.waitForSelector('#stem');
  await answer(page, false);
  await page.waitForSelector('#stem');
  await advance(page, 120_000);
  await page.waitForFunction(() => /剩余 [23]:/.test(document.getElementById('timer')?.textContent ?? ''));
  await screenshot(page, 'exam-360');
  await advance(page, 181_000); // past the 5-minute limit
  await page.waitForSelector('#timed-out', { timeout: 5_000 });
  const result = await page.textContent('#finished');
  assert.match(result, /作答 2 题/);
  assert.match(await page.textContent('#result'), /得分 10/);
  // The wrong answer and the eight unanswered questions are reviewed with 解析.
  assert.equal(await page.locator('.wrong-item').count(), 9);
  assert.equal(await page.locator('.wrong-item', { hasText: '未作答' }).count(), 8);
  assert.ok(await page.locator('.wrong-item .explanation').count() > 0);
  await screenshot(page, 'exam-result-360');
  // An exam left for another screen shows no result later, over that screen.
  await page.click('nav.tabs a[href="#study"]'); // the current hash: shown afresh
  await page.click('#start-exam');
  await page.waitForSelector('#timer');
  await page.click('nav.tabs a[href="#points"]');
  await page.waitForSelector('#points-today');
  await advance(page, 400_000);
  await page.waitForTimeout(600);
  assert.equal(await page.textContent('#title'), '积分');
  assert.equal(await recordCount(page), 2, 'only answered questions are logged');
  assert.deepEqual(page.errors, []);
});

test('挑战答题: the first wrong answer uses the revive, the next one ends the run', async () => {
  const page = await openApp(browser, server.url, { hash: '#study' });
  await page.click('#start-challenge');
  for (const right of [true, false, true]) {
    await page.waitForSelector('#stem');
    await answer(page, right);
    await page.waitForSelector('#next');
    if (!right) assert.match(await page.textContent('.feedback'), /用掉一次复活机会/);
    assert.equal(await page.textContent('#next'), '下一题');
    await page.click('#next');
  }
  await page.waitForSelector('#stem');
  await answer(page, false);
  await page.waitForSelector('#next');
  assert.equal(await page.textContent('#next'), '查看结果');
  await page.click('#next');
  assert.match(await page.textContent('#result'), /作答 4 题，答对 2 题/);
  assert.deepEqual(page.errors, []);
});

test('大字模式: base text of at least 20 px and big targets, kept after a reload', async () => {
  const page = await openApp(browser, server.url, { hash: '#me' });
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok((await size()) < 20);
  await page.click('#big-mode');
  assert.ok((await size()) >= 20);
  await page.reload();
  await page.waitForSelector('body[data-ready=yes]');
  assert.ok((await size()) >= 20);
  assert.equal(await page.getAttribute('#big-mode', 'aria-checked'), 'true');
  await page.goto(`${server.url}/#study`);
  await page.click('#start-daily');
  await page.waitForSelector('#stem');
  const button = await page.locator('#skip').boundingBox();
  assert.ok(button.height >= 56, `button height ${button.height}`);
  const stem = await page.evaluate(() => parseFloat(getComputedStyle(document.getElementById('stem')).fontSize));
  assert.ok(stem >= 22, `stem ${stem}px`);
  await screenshot(page, 'big-question-360');
  await assertAccessible(page, '大字模式');
  assert.deepEqual(page.errors, []);
});

test('繁體: the screens, questions and feedback are shown in traditional characters', async () => {
  const page = await openApp(browser, server.url, { hash: '#me' });
  await page.click('#hant-mode'); // reloads
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant' && document.body.dataset.ready === 'yes');
  assert.equal(await page.getAttribute('#hant-mode', 'aria-checked'), 'true');
  assert.match(await page.textContent('nav.tabs'), /答題.*積分.*進度/);
  await page.goto(`${server.url}/#today`);
  await page.waitForFunction(() => /黨史上的今天/.test(document.body.textContent));
  assert.match(await page.textContent('#read-title'), /天天讀/);
  assert.doesNotMatch(await page.textContent('main'), /[读这们会发]/, 'no simplified-only characters left');
  await screenshot(page, 'hant-today-360');
  await page.goto(`${server.url}/#study`);
  await page.click('#start-daily');
  await answer(page, false);
  await page.waitForSelector('#verdict');
  assert.equal(await page.textContent('#verdict'), '✗ 回答錯誤');
  assert.match(await page.textContent('.feedback'), /正確答案：/);
  await screenshot(page, 'hant-feedback-360');
  await assertAccessible(page, '繁體');
  assert.deepEqual(page.errors, []);
});

test('a damaged local record gives a Chinese message and the rest of the log is kept', async () => {
  const page = await openApp(browser, server.url, { hash: '#study' });
  await page.click('#start-daily');
  await answer(page, true);
  await page.waitForSelector('#next');
  // Damage: a torn record and a value that is not a record at all, after the good one.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('kaotang');
    req.onsuccess = () => {
      const tx = req.result.transaction('log', 'readwrite');
      tx.objectStore('log').add({ text: '{"v":1,"entry":"review","question":' });
      tx.objectStore('log').add(42);
      tx.oncomplete = () => { req.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  await page.waitForSelector('body[data-ready=yes]');
  const banner = await page.textContent('#banner');
  assert.match(banner, /本机有 2 条学习记录已损坏，无法读取（第 2 条：/);
  assert.match(banner, /其余记录照常使用；损坏的记录仍保存在本机，没有删除/);
  assert.equal(await recordCount(page), 1);
  const stored = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('kaotang');
    req.onsuccess = () => {
      const count = req.result.transaction('log').objectStore('log').count();
      count.onsuccess = () => resolve(count.result);
    };
  }));
  assert.equal(stored, 3, 'nothing was deleted');
  await screenshot(page, 'damaged-360');
  assert.deepEqual(page.errors, []);
});

test('a file from another app is refused with a Chinese message and changes nothing', async () => {
  const page = await openApp(browser, server.url, { hash: '#study' });
  await page.click('#start-daily');
  await answer(page, true);
  await page.waitForSelector('#next');
  await page.goto(`${server.url}/#me`);
  for (const [name, text, pattern] of [
    ['notebook.json', '{"cells": [], "nbformat": 4}', /无法导入：不是考堂档案导出文件/],
    ['photo.jpg', '\u00ff\u00d8\u00ff\u00e0 JFIF', /无法导入：不是考堂档案导出文件：第 1 行第 1 列/],
    ['newer.json', '{"format":"kaotang-profile","schema_version":9,"learners":[]}', /格式版本为 9/],
  ]) {
    await page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelector('#data-status .notice.error'));
    const message = await page.textContent('#data-status');
    assert.match(message, pattern, name);
    assert.match(message, /本机的学习记录没有改动/);
  }
  assert.equal(await recordCount(page), 1);
  assert.deepEqual(page.errors, []);
});

test('main screens: no serious or critical axe-core violations; screenshots at 360×640 and 1920×1080', async () => {
  for (const [viewport, suffix] of [[PHONE, '360'], [DESKTOP, '1920']]) {
    const page = await openApp(browser, server.url, { viewport });
    for (const screen of ['today', 'study', 'points', 'progress', 'me', 'wrongbook']) {
      await page.goto(`${server.url}/#${screen}`);
      await page.waitForSelector('#title');
      if (screen === 'progress') await page.waitForFunction(() => !/正在计算/.test(document.getElementById('plan-result')?.textContent ?? ''));
      await screenshot(page, `${screen}-${suffix}`);
      await assertAccessible(page, `${screen} ${suffix}`);
    }
    await page.goto(`${server.url}/#study`);
    await page.click('#start-daily');
    await page.waitForSelector('#stem');
    await screenshot(page, `question-${suffix}`);
    await assertAccessible(page, `question ${suffix}`);
    await answer(page, false);
    await page.waitForSelector('#next');
    await screenshot(page, `feedback-${suffix}`);
    await assertAccessible(page, `feedback ${suffix}`);
    assert.deepEqual(page.errors, []);
  }
});

test('offline after the first load: the service worker serves the app and the package', async () => {
  const page = await openApp(browser, server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('body[data-ready=yes]');
  assert.equal(await page.textContent('#title'), '今日');
  await page.goto(`${server.url}/#study`);
  await page.click('#start-daily');
  await answer(page, true);
  await page.waitForSelector('#verdict');
  await page.context().setOffline(false);
  assert.deepEqual(page.errors, []);
});
