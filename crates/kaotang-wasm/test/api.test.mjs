import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as coreGlue from '../dist/wasm/kaotang_wasm.js';
import * as contestGlue from '../dist/contest/kaotang_wasm.js';
import * as kaotang from 'kaotang';
import * as contest from 'kaotang/contest';
import { KaotangError, Fsrs, __panicForTesting, version } from 'kaotang';

const internal = new Set(['default', 'initSync', 'start']);
const names = (m) => Object.keys(m).filter((k) => !internal.has(k) && k !== 'KaotangError').sort();

test('each entry exports every function of its WebAssembly module, guarded', () => {
  assert.deepEqual(names(kaotang), names(coreGlue));
  // Plus the JS helpers that only translate (a stream source into pushes).
  assert.deepEqual(names(contest), [...names(contestGlue), 'scoreSheetStream'].sort());
  assert.ok(!('Assembly' in kaotang), 'contests live in kaotang/contest only');
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('a panic inside the module becomes a KaotangError, and the module keeps working', () => {
  for (const f of [__panicForTesting, __panicForTesting, contest.__panicForTesting]) {
    assert.throws(
      () => f('测试用的恐慌'),
      (e) =>
        e instanceof KaotangError &&
        e.code === 'INTERNAL' &&
        /测试用的恐慌/.test(e.message) &&
        !(e instanceof WebAssembly.RuntimeError),
    );
  }
  assert.equal(new Fsrs().nextStates(null, 0.9, 0).good.memory.stability, 2.3065);
});
