import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Banks, KaotangError, Learner, Session, Study } from 'kaotang';
import { starter } from './support.mjs';

const banks = Banks.load([starter]);
const study = new Study();
const NOW = 1_780_000_000;

function code(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof KaotangError, `${e}`);
    return e.code;
  }
  return 'no error';
}

/** Answers every question of `session` with `pick(view)`; returns the persisted log. */
function drive(session, learner, pick, now = NOW) {
  const log = [];
  for (let view; (view = session.next(banks, now)); now += 30) {
    assert.ok(!('answer' in view) && !('explanation' in view), 'a view never has the key');
    const step = session.answer(study, banks, learner, { response: pick(view), answerMs: 4000, at: now });
    if (step.entry) log.push(step.entry);
    if (step.finished) break;
  }
  return log;
}

test('每日答题: the log handed out rebuilds the same state; sessions resume', () => {
  const learner = new Learner();
  const plan = learner.dailyPlan(study, banks, NOW);
  assert.equal(plan.items.length, banks.questionCount);
  let session = Session.daily(study, banks, learner, NOW);
  const first = session.next(banks, NOW);
  session = Session.restore(session.save());
  assert.deepEqual(session.next(banks, NOW), first);
  const log = drive(session, learner, (v) => banks.keyResponse(v.id));
  assert.equal(log.length, banks.questionCount);
  assert.ok(log.every((e) => e.entry === 'review' && e.correct));
  const summary = session.summary();
  assert.deepEqual([summary.answered, summary.correct, summary.finished], [log.length, log.length, true]);
  const rebuilt = Learner.rebuild(study, JSON.parse(JSON.stringify(log)));
  assert.equal(rebuilt.save(), learner.save());
  assert.equal(Learner.restore(learner.save()).save(), learner.save());
  assert.ok(learner.card('st-001').schedule.due > NOW);
  assert.ok(learner.points('2026-05-28').total > 0);
  assert.equal(learner.progress(study, banks, NOW + 60).overall.seen, banks.questionCount);
});

test('挑战答题 ends at the first mistake; the wrong book gets the question', () => {
  const learner = new Learner();
  const session = Session.challenge(banks, learner, 7n, { revives: 0 });
  assert.equal(session.hintsAllowed, false);
  let n = 0;
  const log = drive(session, learner, (v) => (n++ < 2 ? banks.keyResponse(v.id) : null));
  assert.equal(log.length, 3);
  assert.equal(session.summary().finished, true);
  const book = learner.wrongBook(banks);
  assert.deepEqual(book.entries.map((e) => e.question), [log[2].question]);
  const drill = Session.wrongBook(banks, learner);
  assert.equal(drill.next(banks, NOW + 86400).id, log[2].question);
});

test('微考堂 on the caller\'s clock: answers after the deadline submit the exam', () => {
  const learner = new Learner();
  const session = Session.exam(banks, 3n, NOW, { count: 4, timeLimitSecs: 60 });
  assert.equal(session.deadline, NOW + 60);
  const view = session.next(banks, NOW + 10);
  const step = session.answer(study, banks, learner, {
    response: banks.keyResponse(view.id),
    answerMs: 9000,
    at: NOW + 10,
  });
  assert.equal(step.feedback.correct, true);
  assert.equal(session.next(banks, NOW + 61), undefined);
  const summary = session.finish(banks, NOW + 61);
  assert.equal(summary.exam.timed_out, true);
  assert.deepEqual([summary.exam.answered, summary.exam.correct, summary.exam.total], [1, 1, 4]);
  assert.equal(summary.exam.score, 25);
});

test('专项 and 每日一题 sessions', () => {
  const learner = new Learner();
  const practice = Session.practice(banks, learner, { filter: { types: ['judge'] } });
  const ids = [];
  drive(practice, learner, (v) => (ids.push(v.id), banks.keyResponse(v.id)));
  assert.deepEqual(ids.sort(), ['st-005', 'st-006']);
  const today = Session.questionOfTheDay(banks, '2026-08-01');
  assert.equal(today.next(banks, NOW).id, 'st-007'); // 南昌起义, 1927-08-01
});

test('bad input to sessions gives typed errors', () => {
  const learner = new Learner();
  const session = Session.exam(banks, 3n, NOW, { count: 1 });
  assert.equal(code(() => session.next(banks, NOW + 0.5)), 'OUT_OF_RANGE');
  const view = session.next(banks, NOW);
  const wrongKind = view.type === 'judge' ? { type: 'choices', value: [0] } : { type: 'judge', value: true };
  assert.equal(code(() => session.answer(study, banks, learner, { response: wrongKind, answerMs: 1, at: NOW })), 'INVALID_ANSWER');
  assert.equal(code(() => session.answer(study, banks, learner, { response: null, at: NOW })), 'INVALID_JSON');
  session.answer(study, banks, learner, { response: null, answerMs: 1, at: NOW });
  assert.equal(code(() => session.answer(study, banks, learner, { response: null, answerMs: 1, at: NOW })), 'FINISHED');
  assert.equal(code(() => Learner.restore('{"v":99}')), 'INVALID_JSON');
  assert.equal(code(() => Session.restore('not json')), 'INVALID_JSON');
  assert.equal(code(() => Session.questionOfTheDay(banks, '2026-02-30')), 'OUT_OF_RANGE');
  assert.equal(code(() => new Study({ scheduler: { maximumInterval: 0 } })), 'INVALID_SETTINGS');
  assert.equal(code(() => Learner.rebuild(study, [{ entry: 'review' }])), 'INVALID_JSON');
});

test('天天读: the day\'s reading, marking it read once, and its questions', () => {
  // NOW is 2026-05-28 20:26 (local seconds); the reading read at NOW belongs to that day.
  const DAY = '2026-05-28';
  const NEXT_DAY = '2026-05-29';
  const learner = new Learner();
  const day = learner.readingDay(banks, DAY);
  assert.equal(day.reading.id, 'st-r01');
  assert.deepEqual([day.read, day.number, day.total], [0, 1, 2]);
  assert.ok(day.questions.length > 0 && day.questions.length <= 5);
  const entry = learner.markRead(study, banks, 'st-r01', NOW);
  assert.equal(entry.entry, 'read');
  assert.equal(entry.reading, 'st-r01');
  assert.ok(entry.points > 0, 'the first reading earns points');
  // The same day still shows the reading just read, at the same place in the plan.
  const after = learner.readingDay(banks, DAY);
  assert.deepEqual([after.reading.id, after.read, after.number], ['st-r01', 1, 1]);
  // Points once: marking it again earns nothing; the next day moves on.
  assert.equal(learner.markRead(study, banks, 'st-r01', NOW + 60).points, 0);
  assert.equal(learner.readingDay(banks, NEXT_DAY).reading.id, 'st-r02');
  // The entry rebuilds the same state.
  const rebuilt = Learner.rebuild(study, [entry]);
  assert.equal(rebuilt.readingDay(banks, DAY).read, 1);
  // The linked questions, as a session.
  const session = Session.reading(banks, learner, DAY);
  const ids = [];
  drive(session, learner, (v) => (ids.push(v.id), banks.keyResponse(v.id)));
  assert.deepEqual(ids, day.questions);
  assert.equal(code(() => learner.markRead(study, banks, 'no-such-reading', NOW)), 'NOT_FOUND');
  assert.equal(code(() => learner.readingDay(banks, '2026-13-01')), 'OUT_OF_RANGE');
  assert.equal(code(() => Session.reading(banks, learner, 'today')), 'OUT_OF_RANGE');
});
