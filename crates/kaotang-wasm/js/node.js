// Entry for Node (≥ 20), whose fetch cannot read file: URLs: the .wasm is read from disk.
import { readFile } from 'node:fs/promises';
import init from '../dist/wasm/kaotang_wasm.js';

const wasm = await readFile(new URL('../dist/wasm/kaotang_wasm_bg.wasm', import.meta.url));
await init({ module_or_path: wasm });

export * from './api.js';
