// The error type of every kaotang call, and the panic record the WebAssembly side fills.

/** A failed kaotang call: a stable `code`, a Chinese message, and for bank problems every
 * diagnostic with its file, line and column. */
export class KaotangError extends Error {
  constructor(code, message, diagnostics) {
    super(message);
    this.name = 'KaotangError';
    this.code = code;
    this.diagnostics = diagnostics ?? [];
  }
}

/** Called by the WebAssembly module for every failure. */
export function makeError(code, message, diagnostics) {
  return new KaotangError(code, message, diagnostics);
}

let lastPanic;

/** Called by the panic hook just before the module traps. */
export function recordPanic(message) {
  lastPanic = message;
}

/** The error to throw for `e`: a trap after a panic becomes `KaotangError('INTERNAL')`. */
export function translate(e) {
  if (e instanceof WebAssembly.RuntimeError) {
    const message = lastPanic ?? `库内部错误（已拦截）：${e.message}`;
    lastPanic = undefined;
    return new KaotangError('INTERNAL', message);
  }
  return e;
}
