// A typed tour of the package, checked by `tsc --noEmit --strict` (npm run typecheck): every
// call below must type-check, and every `@ts-expect-error` line must be rejected.
import {
  Banks,
  Fsrs,
  KaotangError,
  checkBanks,
  grade,
  optimize,
  type BankFile,
  type Diagnostic,
  type ErrorCode,
  type Grade,
  type MemoryState,
  type NextStates,
  type Question,
  type Response,
  type Review,
} from 'kaotang';
import { shippedBanks } from 'kaotang/banks';

const files: readonly BankFile[] = shippedBanks;
const banks: Banks = Banks.load(files);
const ids: string[] = banks.questionIds({ periods: ['新民主主义革命时期'], minDifficulty: 2 });
const first: Question = banks.question(ids[0] ?? '');
if (first.type === 'single') {
  const options: string[] = first.options;
  console.log(options.length, first.answer);
}
const response: Response = banks.parseResponse(first.id, 'A');
const g: Grade = banks.grade(first.id, response, { multi: { policy: 'deduct', perWrong: 0.5 } });
const g2: Grade = grade(first, { type: 'choices', value: [0] });
console.log(g.credit + g2.credit, banks.stats().by_type.single, banks.eventsOn(7, 1)[0]?.title);

const check = checkBanks([{ origin: 'mine.yaml', text: 'bank: {}' }]);
const located: string[] = check.diagnostics.map(
  (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`,
);
console.log(located, check.hasErrors);

const fsrs = new Fsrs();
const next: NextStates = fsrs.nextStates(null, 0.9, 0);
const history: Review[] = [
  { rating: 'good', delta_t: 0 },
  { rating: 'again', delta_t: 3 },
];
const state: MemoryState = fsrs.memoryState(history, null);
const batch: Float64Array = fsrs.nextStatesBatch(
  Float64Array.of(state.stability),
  Float64Array.of(state.difficulty),
  Uint32Array.of(5),
  0.9,
);
const fit = optimize([history], { epochs: 1, batchSize: 32 });
const fitted: number[] = fit.parameters;
console.log(next.good.interval, batch[2], fitted.length, fsrs.retrievability(state, 2));

try {
  Banks.load([{ origin: 'bad.yaml', text: ':' }]);
} catch (e) {
  if (e instanceof KaotangError) {
    const code: ErrorCode = e.code;
    const where = e.diagnostics.map((d) => d.line);
    console.log(code, where);
  }
}

// @ts-expect-error: ratings are words, not numbers
const wrongRating: Review = { rating: 3, delta_t: 0 };
// @ts-expect-error: a judge response carries a boolean
const wrongResponse: Response = { type: 'judge', value: 'true' };
// @ts-expect-error: an unknown policy
grade(first, response, { multi: { policy: 'lenient' } });
console.log(wrongRating, wrongResponse);
