import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Banks, KaotangError, grade, parseResponse } from 'kaotang';
import { starter } from './support.mjs';

const banks = Banks.load([starter]);

test('every key response earns full credit', () => {
  for (const id of banks.questionIds()) {
    const key = banks.keyResponse(id);
    assert.deepEqual(banks.grade(id, key), { credit: 1, correct: true }, id);
  }
});

test('typed input is read per question type', () => {
  assert.deepEqual(banks.parseResponse('st-001', 'b'), { type: 'choices', value: [1] });
  assert.deepEqual(banks.parseResponse('st-005', '对'), { type: 'judge', value: true });
  assert.deepEqual(banks.parseResponse('st-008', ' 一九七八 '), { type: 'fill', value: ['一九七八'] });
  assert.deepEqual(banks.grade('st-008', banks.parseResponse('st-008', '一九七八')), {
    credit: 1,
    correct: true,
  });
});

test('multiple-choice policies come as camelCase options', () => {
  const q = banks.question('st-004'); // key ABC
  const two = { type: 'choices', value: [0, 1] };
  const wrong = { type: 'choices', value: [0, 1, 2, 3] };
  assert.deepEqual(grade(q, two), { credit: 0, correct: false });
  assert.equal(grade(q, two, { multi: { policy: 'partial' } }).credit, 2 / 3);
  const deduct = { multi: { policy: 'deduct', perWrong: 0.5 } };
  assert.equal(grade(q, wrong, deduct).credit, 1 - 0.5);
  assert.equal(banks.grade('st-004', wrong, deduct).credit, 0.5);
});

test('a response of the wrong kind or an unreadable input is INVALID_ANSWER', () => {
  const q = banks.question('st-001');
  for (const f of [
    () => grade(q, { type: 'judge', value: true }),
    () => parseResponse(q, 'Z'),
    () => banks.parseResponse('st-009', 'AZ'),
  ]) {
    assert.throws(f, (e) => e instanceof KaotangError && e.code === 'INVALID_ANSWER', String(f));
  }
  assert.throws(() => parseResponse(q, '？？'), /无法识别的答案/);
});

test('a malformed question or response is INVALID_JSON and says what is wrong', () => {
  assert.throws(
    () => grade({ id: 'x', type: 'single' }, { type: 'choices', value: [0] }),
    (e) => e.code === 'INVALID_JSON' && /question/.test(e.message),
  );
  const q = banks.question('st-001');
  assert.throws(
    () => grade(q, { type: 'choices', value: [-1] }),
    (e) => e.code === 'INVALID_JSON' && /response/.test(e.message),
  );
});
