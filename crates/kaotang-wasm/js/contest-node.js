// Entry of `kaotang/contest` for Node (see node.js).
import { readFile } from 'node:fs/promises';
import init from '../dist/contest/kaotang_wasm.js';

const wasm = await readFile(new URL('../dist/contest/kaotang_wasm_bg.wasm', import.meta.url));
await init({ module_or_path: wasm });

export * from './contest-api.js';
