export {
  Assembly,
  Banks,
  Fsrs,
  Learner,
  Scoring,
  Session,
  Stage,
  Study,
  checkBanks,
  grade,
  lottery,
  logRecord,
  optimize,
  parseResponse,
  readLog,
  readProfile,
  rankUnits,
  version,
  writeProfile,
} from '../dist/contest/kaotang_wasm.js';
export type * from '../dist/contest/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
