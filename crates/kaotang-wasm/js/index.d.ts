export {
  Banks,
  Fsrs,
  Learner,
  Session,
  Study,
  checkBanks,
  grade,
  logRecord,
  optimize,
  parseResponse,
  readLog,
  version,
} from '../dist/wasm/kaotang_wasm.js';
export type * from '../dist/wasm/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
