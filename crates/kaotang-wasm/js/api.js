// The public API: every export of the generated glue, guarded so that a panic inside the
// WebAssembly module reaches the caller as a KaotangError (code INTERNAL), never as an opaque
// RuntimeError. Nothing here decides anything; test/api.test.mjs checks that the list below
// is exactly the glue's exports.
import * as glue from '../dist/wasm/kaotang_wasm.js';
import { translate } from './errors.js';

function guard(fn) {
  return function guarded(...args) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      throw translate(e);
    }
  };
}

function guardMembers(target, skip) {
  for (const name of Object.getOwnPropertyNames(target)) {
    if (skip.includes(name)) continue;
    const d = Object.getOwnPropertyDescriptor(target, name);
    if (!d.configurable) continue;
    if (typeof d.value === 'function') d.value = guard(d.value);
    if (d.get) d.get = guard(d.get);
    if (d.set) d.set = guard(d.set);
    Object.defineProperty(target, name, d);
  }
}

function guardClass(C) {
  guardMembers(C.prototype, ['constructor']);
  guardMembers(C, ['length', 'name', 'prototype']);
  return new Proxy(C, {
    construct(target, args, newTarget) {
      try {
        return Reflect.construct(target, args, newTarget);
      } catch (e) {
        throw translate(e);
      }
    },
  });
}

export { KaotangError } from './errors.js';

export const Assembly = guardClass(glue.Assembly);
export const Banks = guardClass(glue.Banks);
export const Fsrs = guardClass(glue.Fsrs);
export const Scoring = guardClass(glue.Scoring);
export const Stage = guardClass(glue.Stage);

export const checkBanks = guard(glue.checkBanks);
export const grade = guard(glue.grade);
export const lottery = guard(glue.lottery);
export const parseResponse = guard(glue.parseResponse);
export const optimize = guard(glue.optimize);
export const rankUnits = guard(glue.rankUnits);
export const version = guard(glue.version);
export const __panicForTesting = guard(glue.__panicForTesting);
