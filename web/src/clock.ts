// The app's clock. The core never reads a clock: every call takes the learner's local time
// in whole seconds (the browser's time zone). Tests install `globalThis.kaotangClock` (a
// function returning milliseconds, like Date.now) before the page loads, to move time.

declare global {
  // eslint-disable-next-line no-var
  var kaotangClock: (() => number) | undefined;
}

/** Milliseconds since 1970 (UTC), from the injected clock when there is one. */
export function nowMs(): number {
  return globalThis.kaotangClock ? globalThis.kaotangClock() : Date.now();
}

/** Seconds since 1970 in the learner's local time, as the core counts time. */
export function nowSecs(): number {
  const ms = nowMs();
  return Math.floor(ms / 1000) - new Date(ms).getTimezoneOffset() * 60;
}

/** A local-seconds value as `YYYY-MM-DD`. */
export function dateOf(secs: number): string {
  return new Date(secs * 1000).toISOString().slice(0, 10);
}

/** Today, `YYYY-MM-DD`. */
export function today(): string {
  return dateOf(nowSecs());
}

/** `date` moved by `days` days. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
