// FSRS in Node, side by side with ts-fsrs on the same inputs (npm run bench): next states
// and memory state from a review history, the results compared to 1e-4. Prints throughput
// and ratios; benches/README.md at the repository root records the figures.
import { readFileSync } from 'node:fs';
import { Fsrs } from 'kaotang';
import { FSRSAlgorithm, generatorParameters } from 'ts-fsrs';

const tsVersion = JSON.parse(
  readFileSync(new URL('../node_modules/ts-fsrs/package.json', import.meta.url), 'utf8'),
).version;
const fsrs = new Fsrs();
const ts = new FSRSAlgorithm(
  generatorParameters({ w: fsrs.parameters, request_retention: 0.9, enable_short_term: true }),
);
const RETENTION = 0.9;
const modifier = ts.calculate_interval_modifier(RETENTION);

// A small deterministic generator (xorshift32) so every run measures the same inputs.
let seed = 2021;
const random = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

/** Best of `runs` timings of `f`, in operations per second for `ops` operations. */
function throughput(f, ops, runs = 7) {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return ops / best;
}

function agree(what, a, b) {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  }
  if (!(worst <= 1e-4)) throw new Error(`${what}: results differ by ${worst}`);
  return worst;
}

// ---- next states: 100,000 reviewed cards, the four outcomes each.
const N = 100_000;
const stability = new Float64Array(N);
const difficulty = new Float64Array(N);
const days = new Uint32Array(N);
for (let i = 0; i < N; i++) {
  stability[i] = 0.5 + random() * 200;
  difficulty[i] = 1 + random() * 9;
  days[i] = Math.floor(random() * 90);
}
const tsNext = () => {
  const out = new Float64Array(N * 12);
  for (let i = 0; i < N; i++) {
    const state = { stability: stability[i], difficulty: difficulty[i] };
    for (let g = 1; g <= 4; g++) {
      const next = ts.next_state(state, days[i], g);
      const at = i * 12 + (g - 1) * 3;
      out[at] = next.stability;
      out[at + 1] = next.difficulty;
      out[at + 2] = next.stability * modifier;
    }
  }
  return out;
};
const ktNext = () => fsrs.nextStatesBatch(stability, difficulty, days, RETENTION);
const ktNextOne = () => {
  for (let i = 0; i < N; i++) {
    fsrs.nextStates({ stability: stability[i], difficulty: difficulty[i] }, RETENTION, days[i]);
  }
};
const nextDiff = agree('next states', ktNext(), tsNext());

// ---- memory state from history: 20,000 histories of 2–20 answers.
const H = 20_000;
const lengths = new Uint32Array(H);
const ratings = [];
const deltas = [];
for (let h = 0; h < H; h++) {
  lengths[h] = 2 + Math.floor(random() * 19);
  for (let k = 0; k < lengths[h]; k++) {
    const x = random();
    ratings.push(x < 0.15 ? 1 : x < 0.25 ? 2 : x < 0.9 ? 3 : 4);
    deltas.push(k === 0 ? 0 : Math.floor(random() * 40));
  }
}
const ratingArray = Uint8Array.from(ratings);
const deltaArray = Uint32Array.from(deltas);
const tsHistory = () => {
  const out = new Float64Array(H * 2);
  let at = 0;
  for (let h = 0; h < H; h++) {
    let state = null;
    for (let k = 0; k < lengths[h]; k++, at++) {
      state = ts.next_state(state, deltaArray[at], ratingArray[at]);
    }
    out[2 * h] = state.stability;
    out[2 * h + 1] = state.difficulty;
  }
  return out;
};
const ktHistory = () => fsrs.memoryStateBatch(ratingArray, deltaArray, lengths);
const historyDiff = agree('memory state', ktHistory(), tsHistory());

const rows = [
  ['next states (4 outcomes), cards/s', throughput(ktNext, N), throughput(tsNext, N), nextDiff],
  ['  kaotang one card per call (objects)', throughput(ktNextOne, N), throughput(tsNext, N), nextDiff],
  ['memory state from history, histories/s', throughput(ktHistory, H), throughput(tsHistory, H), historyDiff],
];
console.log(`node ${process.version}, ts-fsrs ${tsVersion}`);
console.log('what | kaotang | ts-fsrs | kaotang ÷ ts-fsrs | largest relative difference');
for (const [what, kt, other, diff] of rows) {
  console.log(
    `${what} | ${Math.round(kt).toLocaleString('en')} | ${Math.round(other).toLocaleString('en')} | ${(kt / other).toFixed(2)}× | ${diff.toExponential(1)}`,
  );
}
