export {
  Assembly,
  Banks,
  Fsrs,
  Learner,
  Scoring,
  SheetStream,
  Session,
  Stage,
  Study,
  Traditional,
  checkBanks,
  grade,
  lottery,
  logRecord,
  optimize,
  parseBlueprint,
  parseResponse,
  parseStageConfig,
  readLog,
  readProfile,
  rankUnits,
  recoverStageLog,
  stageQuestion,
  version,
  writeProfile,
} from '../dist/contest/kaotang_wasm.js';
export type * from '../dist/contest/kaotang_wasm.js';

import type { Assembly, Banks, ScoreOptions, Scoring } from '../dist/contest/kaotang_wasm.js';

/** A piece of a sheet file. */
export type SheetPiece = Uint8Array | ArrayBuffer;

/**
 * Scores a sheet file that arrives in pieces (`fetch` body, `File.stream()`, Node read
 * stream): the same `Scoring` as `assembly.scoreSheets` on the whole file.
 */
export function scoreSheetStream(
  assembly: Assembly,
  banks: Banks,
  source: ReadableStream<SheetPiece> | AsyncIterable<SheetPiece> | Iterable<SheetPiece>,
  options?: ScoreOptions,
): Promise<Scoring>;
export { KaotangError, type ErrorCode } from './errors.js';
