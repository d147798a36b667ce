import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Fsrs, KaotangError, optimize } from 'kaotang';

const fsrs = new Fsrs();

test('the defaults and a new card, as the reference gives them', () => {
  assert.equal(fsrs.parameters.length, 21);
  const next = fsrs.nextStates(null, 0.9, 0);
  assert.equal(next.good.memory.stability, 2.3065);
  assert.ok(next.again.interval < next.hard.interval && next.good.interval < next.easy.interval);
});

test('memory state from a history, then the next answers', () => {
  const history = [
    { rating: 'again', delta_t: 0 },
    { rating: 'good', delta_t: 1 },
    { rating: 'good', delta_t: 3 },
  ];
  const state = fsrs.memoryState(history);
  const next = fsrs.nextStates(state, 0.9, 21);
  assert.ok(fsrs.retrievability(state, 21) < 0.9);
  assert.equal(fsrs.intervalDays(next.good.memory.stability, 0.9, 36500), Math.round(next.good.interval));
  assert.equal(fsrs.interval(next.good.memory.stability, 0.9), next.good.interval);
});

test('the batch calls give exactly the one-card results', () => {
  const states = [null, { stability: 3.2, difficulty: 5.1 }, { stability: 40, difficulty: 8 }];
  const days = [0, 4, 31];
  const s = Float64Array.from(states, (x) => (x ? x.stability : NaN));
  const d = Float64Array.from(states, (x) => (x ? x.difficulty : NaN));
  const out = fsrs.nextStatesBatch(s, d, Uint32Array.from(days), 0.9);
  assert.ok(out instanceof Float64Array);
  assert.equal(out.length, 36);
  states.forEach((state, i) => {
    const one = fsrs.nextStates(state, 0.9, days[i]);
    ['again', 'hard', 'good', 'easy'].forEach((r, k) => {
      const at = i * 12 + k * 3;
      assert.deepEqual([...out.subarray(at, at + 3)], [
        one[r].memory.stability,
        one[r].memory.difficulty,
        one[r].interval,
      ]);
    });
  });

  const histories = [
    [{ rating: 'good', delta_t: 0 }],
    [
      { rating: 'again', delta_t: 0 },
      { rating: 'hard', delta_t: 1 },
      { rating: 'easy', delta_t: 6 },
    ],
  ];
  const numbers = { again: 1, hard: 2, good: 3, easy: 4 };
  const flat = histories.flat();
  const batch = fsrs.memoryStateBatch(
    Uint8Array.from(flat, (r) => numbers[r.rating]),
    Uint32Array.from(flat, (r) => r.delta_t),
    Uint32Array.from(histories, (h) => h.length),
  );
  histories.forEach((h, i) => {
    const one = fsrs.memoryState(h);
    assert.deepEqual([batch[2 * i], batch[2 * i + 1]], [one.stability, one.difficulty]);
  });
});

test('bad inputs throw typed errors', () => {
  const code = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof KaotangError, `${e}`);
      return e.code;
    }
    return 'no error';
  };
  assert.equal(code(() => new Fsrs([1, 2, 3])), 'INVALID_SETTINGS');
  assert.equal(code(() => fsrs.nextStates(null, 1.5, 0)), 'INVALID_SETTINGS');
  assert.equal(code(() => fsrs.nextStates({ stability: 'x' }, 0.9, 0)), 'INVALID_JSON');
  assert.equal(code(() => fsrs.memoryState([])), 'INVALID_SETTINGS');
  assert.equal(code(() => fsrs.memoryState([{ rating: 'perfect', delta_t: 0 }])), 'INVALID_JSON');
  const one = Float64Array.of(1);
  assert.equal(code(() => fsrs.nextStatesBatch(one, one, new Uint32Array(2), 0.9)), 'OUT_OF_RANGE');
  const r = Uint8Array.of(3, 9);
  const t = Uint32Array.of(0, 1);
  assert.equal(code(() => fsrs.memoryStateBatch(r, t, Uint32Array.of(2))), 'OUT_OF_RANGE');
  assert.equal(code(() => fsrs.memoryStateBatch(r, t, Uint32Array.of(3))), 'OUT_OF_RANGE');
  assert.equal(code(() => optimize([], { epochs: 0 })), 'INVALID_SETTINGS');
  assert.match(
    (() => {
      try {
        fsrs.nextStates(null, 1.5, 0);
      } catch (e) {
        return e.message;
      }
    })(),
    /期望记忆保持率/,
  );
});

test('the optimizer fits parameters in the page, deterministically', () => {
  // A learner who forgets about a third of the time at one-week intervals.
  const histories = [];
  for (let i = 0; i < 120; i++) {
    const h = [{ rating: 'good', delta_t: 0 }];
    for (let k = 1; k < 5; k++) {
      h.push({ rating: (i * 7 + k * 3) % 3 === 0 ? 'again' : 'good', delta_t: 7 });
    }
    histories.push(h);
  }
  const fit = optimize(histories, { epochs: 2, batchSize: 64, minReviews: 10 });
  assert.equal(fit.fitted, true);
  assert.equal(fit.reviews, 480);
  assert.deepEqual(optimize(histories, { epochs: 2, batchSize: 64, minReviews: 10 }), fit);
  const fitted = new Fsrs(fit.parameters);
  assert.ok(fitted.evaluate(histories).log_loss < fsrs.evaluate(histories).log_loss);
  assert.equal(optimize(histories.slice(0, 2)).fitted, false);
});
