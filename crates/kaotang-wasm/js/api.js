// The learner's API (`kaotang`): every export of the core module's glue, guarded. The list is
// checked against the glue by test/api.test.mjs.
import * as glue from '../dist/wasm/kaotang_wasm.js';
import { guard, guardClass } from './guard.js';

export { KaotangError } from './errors.js';

export const Banks = guardClass(glue.Banks);
export const Fsrs = guardClass(glue.Fsrs);
export const Learner = guardClass(glue.Learner);
export const Session = guardClass(glue.Session);
export const Study = guardClass(glue.Study);

export const checkBanks = guard(glue.checkBanks);
export const grade = guard(glue.grade);
export const logRecord = guard(glue.logRecord);
export const optimize = guard(glue.optimize);
export const parseResponse = guard(glue.parseResponse);
export const readLog = guard(glue.readLog);
export const version = guard(glue.version);
export const __panicForTesting = guard(glue.__panicForTesting);
