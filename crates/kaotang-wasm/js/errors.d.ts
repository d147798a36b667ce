import type { Diagnostic } from '../dist/wasm/kaotang_wasm.js';

/** The stable codes of {@link KaotangError} (the C library's status names without
 * `KT_STATUS_`). */
export type ErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_BANK'
  | 'NOT_FOUND'
  | 'OUT_OF_RANGE'
  | 'INVALID_ANSWER'
  | 'INVALID_SETTINGS'
  | 'CONTEST'
  | 'FINISHED'
  | 'INTERNAL';

/** A failed kaotang call. `diagnostics` lists every bank problem for `INVALID_BANK` (empty
 * otherwise). `INTERNAL` is a bug caught at the boundary: report it, and discard the objects
 * involved in the call. */
export declare class KaotangError extends Error {
  readonly name: 'KaotangError';
  readonly code: ErrorCode;
  readonly diagnostics: readonly Diagnostic[];
}
