// A learner's data kept by an app: stored records and reading them back, the study days, and
// (in kaotang/contest) the profile export of `kaotang profile export` and the deadline plan.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Banks, KaotangError, Learner, Session, Study, logRecord, readLog } from 'kaotang';
import * as organizer from 'kaotang/contest';
import { starter } from './support.mjs';

const banks = Banks.load([starter]);
const study = new Study();
const NOW = 1_780_000_000;

function drill(learner) {
  const session = Session.daily(study, banks, learner, NOW);
  const log = [];
  for (let view, at = NOW; (view = session.next(banks, at)); at += 30) {
    const step = session.answer(study, banks, learner, { response: banks.keyResponse(view.id), answerMs: 3000, at });
    log.push(step.entry);
    if (step.finished) break;
  }
  return log;
}

test('stored records read back; a damaged one is reported by position and the rest count', () => {
  const learner = new Learner();
  const log = drill(learner);
  const records = log.map((e) => logRecord(e));
  assert.match(records[0], /^\{"v":1,"entry":"review",/);
  const stored = [records[0], '{"v":1,"entry":"revi', ...records.slice(1), '{"v":99}'];
  const read = readLog(stored);
  assert.deepEqual(read.entries, log);
  assert.deepEqual(read.damaged.map((d) => d.index), [1, stored.length - 1]);
  assert.match(read.damaged[1].message, /版本/);
  const again = Learner.rebuild(study, read.entries);
  assert.equal(again.save(), learner.save());
  assert.throws(() => logRecord({ entry: 'nope' }), (e) => e instanceof KaotangError && e.code === 'INVALID_JSON');
});

test('每日一题 is answered once a day', () => {
  const learner = new Learner();
  const date = new Date(NOW * 1000).toISOString().slice(0, 10);
  const session = Session.questionOfTheDay(banks, date);
  const view = session.next(banks, NOW);
  if (!view) return; // the starter bank may have no question for this day
  assert.equal(learner.answeredQuestionOfTheDay(banks, date), false);
  session.answer(study, banks, learner, { response: null, answerMs: 1000, at: NOW });
  assert.equal(learner.answeredQuestionOfTheDay(banks, date), true);
  assert.equal(learner.answeredQuestionOfTheDay(banks, '2030-01-01'), false);
});

test('study days for a calendar', () => {
  const learner = new Learner();
  const log = drill(learner);
  const day = new Date(NOW * 1000).toISOString().slice(0, 10);
  const days = learner.days('2026-01-01', '2027-12-31');
  assert.equal(days.length, 1);
  assert.equal(days[0].date, day);
  assert.equal(days[0].answers, log.length);
  assert.deepEqual(learner.days('2020-01-01', '2020-12-31'), []);
});

test('profile export: written and read back; other files are refused in Chinese', () => {
  const log = drill(new Learner());
  const text = organizer.writeProfile([{ name: '张三', log }]);
  assert.match(text, /"format": "kaotang-profile"/);
  assert.deepEqual(organizer.readProfile(text), [{ name: '张三', log }]);
  const refused = (input, pattern) =>
    assert.throws(() => organizer.readProfile(input), (e) => e instanceof organizer.KaotangError && e.code === 'INVALID_JSON' && pattern.test(e.message));
  refused('{"cells": []}', /不是考堂档案导出文件/);
  refused('PK\u0003\u0004', /不是考堂档案导出文件.*第 1 行/);
  refused('{"format":"kaotang-profile","schema_version":7,"learners":[]}', /版本为 7/);
  const bad = JSON.parse(text);
  bad.learners[0].log[1].rating = 'maybe';
  refused(JSON.stringify(bad), /张三.*第 2 条/);
});

test('deadline plan (kaotang/contest)', () => {
  const b = organizer.Banks.load([starter]);
  const s = new organizer.Study();
  const plan = new organizer.Learner().deadlinePlan(s, b, NOW, { deadline: '2026-12-31', dailyMinutes: 30 });
  assert.equal(plan.in_scope, b.questionCount);
  assert.ok(plan.days_left > 0 && plan.new_today > 0);
  assert.throws(() => new organizer.Learner().deadlinePlan(s, b, NOW, { dailyMinutes: 0 }), (e) => e.code === 'INVALID_SETTINGS');
});
