export {
  Banks,
  Fsrs,
  checkBanks,
  grade,
  parseResponse,
  optimize,
  version,
} from '../dist/wasm/kaotang_wasm.js';
export type * from '../dist/wasm/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
