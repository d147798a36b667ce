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
  optimize,
  parseBlueprint,
  parseResponse,
  parseStageConfig,
  rankUnits,
  recoverStageLog,
  stageQuestion,
  version,
} from '../dist/contest/kaotang_wasm.js';
export type * from '../dist/contest/kaotang_wasm.js';
export { KaotangError, type ErrorCode } from './errors.js';
