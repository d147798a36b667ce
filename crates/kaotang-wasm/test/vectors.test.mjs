// The shared vectors in tests/vectors/ (see its README): the same inputs as the Rust API and
// the C library, and the same outputs — compared as the JSON the core writes (field order,
// and every number as the same IEEE-754 double).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Assembly, Banks, Fsrs, KaotangError } from 'kaotang';
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

test('contest_paper.json', () => {
  const { cases, banks } = vectors('contest_paper');
  for (const c of cases) {
    const seed = BigInt(c.seed);
    const assembly = Assembly.assemble(banks, c.blueprint, seed);
    same(assembly.toJSON(), c.expected.assembly, 'assembly');
    const papers = c.participants.map((p) => assembly.participantView(banks, seed, p));
    same(papers, c.expected.papers, 'papers');
  }
});

test('contest_scoring.json', () => {
  const { cases, banks } = vectors('contest_scoring');
  for (const c of cases) {
    const assembly = Assembly.assemble(banks, c.blueprint, BigInt(c.seed));
    const scoring = assembly.scoreSheets(banks, new TextEncoder().encode(c.sheets_csv), {
      rules: c.rules,
    });
    same(scoring.results(), c.expected.results, `${c.name}: results`);
    same(scoring.errors(), c.expected.errors, `${c.name}: errors`);
    same(scoring.rank(c.rank), c.expected.ranking, `${c.name}: ranking`);
  }
});
