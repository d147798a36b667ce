// The organizer's API (`kaotang/contest`): the module with contests, a separate .wasm so
// that learners do not download it. It carries its own banks, study and FSRS too, so one
// import serves an organizer's tool; objects of one module do not mix with the other's.
import * as glue from '../dist/contest/kaotang_wasm.js';
import { guard, guardClass } from './guard.js';

export { KaotangError } from './errors.js';

export const Assembly = guardClass(glue.Assembly);
export const Banks = guardClass(glue.Banks);
export const Fsrs = guardClass(glue.Fsrs);
export const Learner = guardClass(glue.Learner);
export const Scoring = guardClass(glue.Scoring);
export const SheetStream = guardClass(glue.SheetStream);
export const Session = guardClass(glue.Session);
export const Stage = guardClass(glue.Stage);
export const Study = guardClass(glue.Study);
export const Traditional = guardClass(glue.Traditional);

export const checkBanks = guard(glue.checkBanks);
export const grade = guard(glue.grade);
export const lottery = guard(glue.lottery);
export const logRecord = guard(glue.logRecord);
export const optimize = guard(glue.optimize);
export const parseBlueprint = guard(glue.parseBlueprint);
export const parseResponse = guard(glue.parseResponse);
export const parseStageConfig = guard(glue.parseStageConfig);
export const readLog = guard(glue.readLog);
export const readProfile = guard(glue.readProfile);
export const rankUnits = guard(glue.rankUnits);
export const stageQuestion = guard(glue.stageQuestion);
export const recoverStageLog = guard(glue.recoverStageLog);
export const version = guard(glue.version);
export const writeProfile = guard(glue.writeProfile);
export const __panicForTesting = guard(glue.__panicForTesting);

/**
 * Scores a sheet file that arrives in pieces: `source` is a `ReadableStream` (a `fetch`
 * body, `File.stream()`) or any (async) iterable of `Uint8Array`/`ArrayBuffer` pieces (a
 * Node `fs.createReadStream`). Only translation: each piece goes to `SheetStream.push`.
 */
export async function scoreSheetStream(assembly, banks, source, options) {
  const stream = assembly.scoreStream(banks, options);
  const push = (piece) =>
    stream.push(piece instanceof Uint8Array ? piece : new Uint8Array(piece));
  try {
    if (typeof source?.getReader === 'function') {
      const reader = source.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          push(value);
        }
      } finally {
        reader.releaseLock();
      }
    } else {
      for await (const piece of source) push(piece);
    }
  } catch (e) {
    stream.free();
    throw e;
  }
  return stream.finish();
}
