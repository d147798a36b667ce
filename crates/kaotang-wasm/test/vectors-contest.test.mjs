// The shared contest vectors (tests/vectors/, see vectors.test.mjs) through the organizer's
// module, `kaotang/contest`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Assembly, Banks } from 'kaotang/contest';
import { bankFile, repoText } from './support.mjs';

function vectors(name) {
  const file = JSON.parse(repoText(`tests/vectors/${name}.json`));
  const banks = Banks.load(file.banks.map((b) => ({ ...bankFile(`tests/vectors/${b}`), origin: b })));
  return { cases: file.cases, banks };
}

function same(actual, expected, what) {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), what);
}

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
