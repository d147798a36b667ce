// The daily plan for a learner with 10,000 cards, in Node through WebAssembly against the
// native Rust time on the same inputs, in one run (npm run bench:plan). The native half
// (examples/plan_native.rs) writes the inputs and prints its time. Extra arguments are other
// builds of the core module (copies of dist/wasm/, e.g. built with KAOTANG_WASM_OPT=none),
// timed in the same run for a side-by-side comparison.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as kaotang from 'kaotang';

const builds = [['dist/wasm (as shipped)', kaotang]];
for (const dir of process.argv.slice(2)) {
  const glue = await import(pathToFileURL(resolve(dir, 'kaotang_wasm.js')).href);
  await glue.default({ module_or_path: readFileSync(resolve(dir, 'kaotang_wasm_bg.wasm')) });
  builds.push([dir, glue]);
}

const root = new URL('../../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'kaotang-plan-'));
try {
  const out = execFileSync(
    'cargo',
    ['run', '--release', '--locked', '-q', '-p', 'kaotang-wasm', '--example', 'plan_native', '--', dir],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const native = Object.fromEntries(
    out.split('\n').filter((l) => l.includes('=')).map((l) => l.split('=')),
  );
  const nativeMs = Number(native.native_ms);
  console.log(`node ${process.version}: daily plan, 10,000 cards; native Rust ${nativeMs.toFixed(2)} ms`);
  for (const [name, { Banks, Learner, Study }] of builds) {
    const banks = Banks.load([
      { origin: 'synthetic.yaml', text: readFileSync(join(dir, 'synthetic.yaml'), 'utf8') },
    ]);
    const learner = Learner.restore(readFileSync(join(dir, 'learner.json'), 'utf8'));
    const study = new Study();
    const now = Number(native.now);
    let best = Infinity;
    let plan;
    for (let i = 0; i < 31; i++) {
      const t0 = process.hrtime.bigint();
      plan = learner.dailyPlan(study, banks, now);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    if (plan.items.length !== Number(native.items)) {
      throw new Error(`plans differ: ${plan.items.length} items vs ${native.items} natively`);
    }
    console.log(`${name}: WebAssembly in Node ${best.toFixed(2)} ms, ${plan.items.length} items | ${(best / nativeMs).toFixed(2)}× native (target ≤ 2×)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
