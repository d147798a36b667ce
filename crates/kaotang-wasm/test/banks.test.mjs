import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Banks, KaotangError, checkBanks } from 'kaotang';
import { shippedBanks } from 'kaotang/banks';
import { bankFile, starter } from './support.mjs';

test('the shipped banks load from their own data module', () => {
  assert.equal(shippedBanks.length, 4);
  assert.ok(shippedBanks.every((f) => f.origin.startsWith('question-banks/')));
  const banks = Banks.load(shippedBanks);
  const stats = banks.stats();
  assert.equal(stats.banks, 4);
  assert.equal(banks.questionCount, stats.questions);
  assert.ok(stats.questions > 700, `${stats.questions} questions`);
  assert.ok(stats.events > 300 && stats.readings > 100);
});

test('questions, filters, events and readings of a loaded bank', () => {
  const banks = Banks.load([starter]);
  const q = banks.question('st-001');
  assert.equal(q.type, 'single');
  assert.deepEqual(q.options, ['1919年', '1921年', '1927年', '1935年']);
  assert.equal(q.answer, 'B');
  assert.deepEqual(banks.questionIds({ types: ['judge'] }), ['st-005', 'st-006']);
  assert.deepEqual(banks.questionIds({ types: ['fill'], maxDifficulty: 1 }), ['st-007', 'st-008']);
  assert.equal(banks.questionIds().length, banks.questionCount);
  assert.equal(banks.banks()[0].id, 'starter');
  assert.ok(banks.readings().length >= 2);
  for (const e of banks.eventsOn(7, 1)) assert.match(e.date, /-07-01$/);
});

test('a bad bank throws KaotangError with every diagnostic located', () => {
  const bad = bankFile('tests/fixtures/bad-banks/02-unknown-field.yaml');
  assert.throws(
    () => Banks.load([bad]),
    (e) => {
      assert.ok(e instanceof KaotangError && e instanceof Error);
      assert.equal(e.code, 'INVALID_BANK');
      assert.deepEqual(
        e.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`),
        [
          'tests/fixtures/bad-banks/02-unknown-field.yaml:7:5 E005',
          'tests/fixtures/bad-banks/02-unknown-field.yaml:9:5 E004',
        ],
      );
      assert.match(e.diagnostics[1].message, /未知字段“stme”/);
      assert.equal(e.diagnostics[1].severity, 'error');
      return true;
    },
  );
});

test('checkBanks reports without throwing, and loads what it can', () => {
  const bad = bankFile('tests/fixtures/bad-banks/02-unknown-field.yaml');
  const checked = checkBanks([starter, bad]);
  assert.equal(checked.hasErrors, true);
  assert.equal(checked.diagnostics.filter((d) => d.severity === 'error').length, 2);
  assert.equal(checked.stats.questions, Banks.load([starter]).questionCount);
  assert.equal(checkBanks([starter]).hasErrors, false);
});

test('malformed YAML gives a syntax diagnostic with line and column', () => {
  const e = captureError(() => Banks.load([{ origin: '坏.yaml', text: 'bank: [\n  id: x' }]));
  assert.equal(e.code, 'INVALID_BANK');
  assert.equal(e.diagnostics[0].file, '坏.yaml');
  assert.equal(e.diagnostics[0].code, 'E001');
  assert.ok(e.diagnostics[0].line >= 1 && e.diagnostics[0].column >= 1);
});

test('arguments of the wrong shape are INVALID_JSON, unknown ids NOT_FOUND', () => {
  const banks = Banks.load([starter]);
  assert.equal(captureError(() => Banks.load([{ origin: 'x.yaml' }])).code, 'INVALID_JSON');
  assert.equal(captureError(() => Banks.load('not a list')).code, 'INVALID_JSON');
  assert.equal(captureError(() => Banks.load(undefined)).code, 'INVALID_JSON');
  assert.equal(captureError(() => Banks.load([{ origin: 1n, text: '' }])).code, 'INVALID_JSON');
  assert.equal(captureError(() => banks.questionIds({ types: ['essay'] })).code, 'INVALID_JSON');
  const missing = captureError(() => banks.question('nope'));
  assert.equal(missing.code, 'NOT_FOUND');
  assert.match(missing.message, /题库中没有题目“nope”/);
});

export function captureError(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected an error');
}
