import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as glue from '../dist/wasm/kaotang_wasm.js';
import * as kaotang from 'kaotang';
import { KaotangError, Fsrs, __panicForTesting, version } from 'kaotang';

test('the package exports every function of the WebAssembly module, guarded', () => {
  const internal = new Set(['default', 'initSync', 'start']);
  const fromGlue = Object.keys(glue).filter((k) => !internal.has(k)).sort();
  const exported = Object.keys(kaotang).filter((k) => k !== 'KaotangError').sort();
  assert.deepEqual(exported, fromGlue);
  assert.match(version(), /^\d+\.\d+\.\d+$/);
});

test('a panic inside the module becomes a KaotangError, and the module keeps working', () => {
  for (let i = 0; i < 2; i++) {
    assert.throws(
      () => __panicForTesting('测试用的恐慌'),
      (e) =>
        e instanceof KaotangError &&
        e.code === 'INTERNAL' &&
        /测试用的恐慌/.test(e.message) &&
        !(e instanceof WebAssembly.RuntimeError),
    );
  }
  assert.equal(new Fsrs().nextStates(null, 0.9, 0).good.memory.stability, 2.3065);
});
