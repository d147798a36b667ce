// A typed tour of the package, checked by `tsc --noEmit --strict` (npm run typecheck): every
// call below must type-check, and every `@ts-expect-error` line must be rejected.
import {
  Banks,
  Fsrs,
  KaotangError,
  Learner,
  Session,
  Study,
  checkBanks,
  grade,
  optimize,
  type BankFile,
  type LogEntry,
  type ReadingDay,
  type QuestionView,
  type Step,
  type Summary,
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
import * as contest from 'kaotang/contest';
import { Assembly, Stage, lottery, scoreSheetStream, type ParticipantResult, type Scoring } from 'kaotang/contest';

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

const fsrs: Fsrs = new Fsrs();
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

// A 微考堂 on the caller's clock; persist each step's entry, rebuild the learner from the log.
const study = new Study({ scheduler: { maximumInterval: 365 } });
const learner = new Learner();
const log: LogEntry[] = [];
const started = Math.floor(Date.now() / 1000) + 8 * 3600;
const exam = Session.exam(banks, 2021n, started, { count: 5, timeLimitSecs: 300 });
for (let view: QuestionView | undefined; (view = exam.next(banks, started)); ) {
  const step: Step = exam.answer(study, banks, learner, { response: null, answerMs: 1000, at: started });
  if (step.entry) log.push(step.entry);
  if (step.feedback) console.log(step.feedback.explanation, step.feedback.record.credit);
}
const summary: Summary = exam.finish(banks, started + 60);
console.log(summary.exam?.score, Learner.rebuild(study, log).points('2026-07-01').total);
const daily = Session.daily(study, banks, learner, started, { newPerDay: 10 });
console.log(daily.summary().total, learner.dailyPlan(study, banks, started).items.length);
// 天天读: today's reading, marked read (persist the entry), then its linked questions.
const reading: ReadingDay = learner.readingDay(banks, '2026-07-01');
if (reading.reading) log.push(learner.markRead(study, banks, reading.reading.id, started));
console.log(reading.number, reading.total, Session.reading(banks, learner, '2026-07-01').summary().total);

// A contest, in the organizer's module (its own Banks): papers, scoring, ranking, the
// lottery, the stage.
const contestBanks = contest.Banks.load(shippedBanks);
const assembly = Assembly.assemble(contestBanks, {
  title: '初赛',
  timeLimitMinutes: 20,
  sections: [{ name: '单选题', filter: { types: ['single'] }, count: 10, points: 10 }],
}, 2021n);
const paper = assembly.participantView(contestBanks, 2021n, 'p001');
const scoring = assembly.scoreSheets(contestBanks, new TextEncoder().encode('编号,姓名,单位,用时,次数,1'), {
  rules: { wrong: 1, allowNegative: false },
  analysis: true,
});
const results: ParticipantResult[] = scoring.results();
const ranked = scoring.rank({ tieBreak: ['score', 'time_used'], top: 10 });
console.log(paper.sections[0]?.items[0]?.choices, results.length, ranked[0]?.rank, scoring.units());
console.log(lottery(['p001', 'p002'], 1, '开奖号码').winners);
// The same file pushed in pieces, by hand and from a ReadableStream.
const sheetStream = assembly.scoreStream(contestBanks, { analysis: true });
sheetStream.push(new TextEncoder().encode('编号,1\np001,'));
sheetStream.push(new TextEncoder().encode('A\n'));
const streamed: Scoring = sheetStream.finish();
const fromBody: Promise<Scoring> = scoreSheetStream(assembly, contestBanks, new Blob(['编号,1\n']).stream());
console.log(streamed.errors()[0]?.row, fromBody);
const stage = new Stage({
  teams: [{ id: 't1', name: '一队' }, { id: 't2', name: '二队' }],
  rounds: [{ name: '必答题', kind: 'required', right: 10 }],
});
stage.apply({ event: 'start_round', round: 0 });
console.log(stage.scoreboard()[0]?.score, stage.toLog());

// @ts-expect-error: ratings are words, not numbers
const wrongRating: Review = { rating: 3, delta_t: 0 };
// @ts-expect-error: a judge response carries a boolean
const wrongResponse: Response = { type: 'judge', value: 'true' };
// @ts-expect-error: an unknown policy
grade(first, response, { multi: { policy: 'lenient' } });
// @ts-expect-error: seeds are 64-bit (bigint)
Session.exam(banks, 7, started);
// @ts-expect-error: a stage event the log does not know
stage.apply({ event: 'cheer' });
console.log(wrongRating, wrongResponse);
