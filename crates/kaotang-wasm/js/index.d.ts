export {
  Assembly,
  Banks,
  Fsrs,
  Scoring,
  Stage,
  checkBanks,
  grade,
  lottery,
  optimize,
  parseResponse,
  rankUnits,
  version,
} from '../dist/wasm/kaotang_wasm.js';
export type * from '../dist/wasm/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
