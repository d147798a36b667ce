// The shared vectors in tests/vectors/ (see its README): the same inputs as the Rust API and
// the C library, and the same outputs — compared as the JSON the core writes (field order,
// and every number as the same IEEE-754 double).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Banks, Fsrs, KaotangError, Learner, Session, Study } from 'kaotang';
import { bankFile, repoText } from './support.mjs';

function vectors(name) {
  const file = JSON.parse(repoText(`tests/vectors/${name}.json`));
  // Banks are named as the Rust runner names them: the file name within tests/vectors/.
  const banks = file.banks
    ? Banks.load(file.banks.map((b) => ({ ...bankFile(`tests/vectors/${b}`), origin: b })))
    : undefined;
  return { cases: file.cases, banks };
}

/** The outcome of `f` as the vectors write it: the value, or `{ error, message }`. */
function outcome(f) {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof KaotangError, `${e}`);
    return { error: e.code.toLowerCase(), message: e.message };
  }
}

function same(actual, expected, what) {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), what);
}

test('grading.json', () => {
  const { cases, banks } = vectors('grading');
  assert.ok(cases.length > 0);
  for (const c of cases) {
    const got = outcome(() =>
      banks.grade(c.question, banks.parseResponse(c.question, c.typed), c.options),
    );
    same(got, c.expected, `${c.question} ${c.typed}`);
  }
});

test('fsrs.json', () => {
  const { cases } = vectors('fsrs');
  assert.ok(cases.length > 0);
  for (const c of cases) {
    const fsrs = new Fsrs(c.parameters);
    const ops = {
      next_states: () => fsrs.nextStates(c.state ?? null, c.desired_retention, c.days_elapsed),
      memory_state: () => fsrs.memoryState(c.history, c.state),
      retrievability: () => fsrs.retrievability(c.state, c.days_elapsed),
      interval: () => fsrs.interval(c.stability, c.desired_retention),
    };
    same(outcome(ops[c.op]), c.expected, `${c.op} ${JSON.stringify(c)}`);
  }
});

test('exam.json', () => {
  const { cases, banks } = vectors('exam');
  const study = new Study();
  for (const c of cases) {
    const learner = new Learner();
    const session = Session.exam(banks, BigInt(c.seed), c.started, c.settings);
    const seen = [];
    const records = [];
    for (const a of c.answers) {
      const view = session.next(banks, a.at);
      if (view) seen.push(view.id);
      const response = a.typed !== null && view ? banks.parseResponse(view.id, a.typed) : null;
      const step = session.answer(study, banks, learner, {
        response,
        answerMs: a.answer_ms,
        at: a.at,
      });
      if (step.feedback) records.push(step.feedback.record);
      if (step.finished) break;
    }
    const report = session.finish(banks, c.submit_at ?? c.started).exam;
    same(seen, c.expected.questions.slice(0, seen.length), `${c.name}: questions`);
    same(records, c.expected.records, `${c.name}: records`);
    same(report, c.expected.report, `${c.name}: report`);
  }
});
