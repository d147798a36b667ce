import type { BankFile } from '../dist/wasm/kaotang_wasm.js';

/** The shipped Party-history banks (YAML), to pass to `Banks.load`. A separate module so
 * that apps bringing their own banks do not download them. */
export declare const shippedBanks: readonly BankFile[];
