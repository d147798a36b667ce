// Guards for the generated glue: a panic inside the WebAssembly module reaches the caller as
// a KaotangError (code INTERNAL), never as an opaque RuntimeError. Nothing here decides
// anything.
import { translate } from './errors.js';

export function guard(fn) {
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

export function guardClass(C) {
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
