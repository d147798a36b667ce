// Entry for browsers and bundlers: the .wasm is fetched next to this module (bundlers
// understand `new URL(..., import.meta.url)` and copy the file).
import init from '../dist/wasm/kaotang_wasm.js';

await init({ module_or_path: new URL('../dist/wasm/kaotang_wasm_bg.wasm', import.meta.url) });

export * from './api.js';
