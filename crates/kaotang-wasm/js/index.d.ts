export {
  Banks,
  Fsrs,
  Learner,
  Session,
  Study,
  checkBanks,
  grade,
  optimize,
  parseResponse,
  version,
} from '../dist/wasm/kaotang_wasm.js';
export type * from '../dist/wasm/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
