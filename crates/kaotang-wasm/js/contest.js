// Entry of `kaotang/contest` for browsers and bundlers (see index.js).
import init from '../dist/contest/kaotang_wasm.js';

await init({ module_or_path: new URL('../dist/contest/kaotang_wasm_bg.wasm', import.meta.url) });

export * from './contest-api.js';
