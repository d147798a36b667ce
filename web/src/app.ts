// The app's state: the package's objects (banks, rules, the learner folded from the log) and
// the stored log. Every decision (grading, scheduling, points, progress) is the package's;
// this file loads, persists and hands objects to the screens.
import {
  Banks,
  KaotangError,
  Learner,
  Study,
  logRecord,
  readLog,
  type LogEntry,
  type LogRead,
} from 'kaotang';
import { shippedBanks } from 'kaotang/banks';
import * as store from './store';

export const banks = Banks.load(shippedBanks);
export const study = new Study();

export interface Damaged {
  /** Position in the stored log (1-based), for the message. */
  number: number;
  message: string;
}

export const state = {
  learner: new Learner(),
  /** Readable entries in log order (what an export contains). */
  entries: [] as LogEntry[],
  /** Stored records that could not be read: kept in storage, reported to the learner. */
  damaged: [] as Damaged[],
  name: '学员',
};

/** Reads the stored log and rebuilds the learner from it. */
export async function load(): Promise<void> {
  const records = await store.readAll();
  const texts = records.map((r) => r.text ?? '');
  const read: LogRead = readLog(texts);
  state.entries = read.entries;
  state.damaged = read.damaged.map((d) => ({
    number: d.index + 1,
    message: records[d.index]?.text === undefined ? '存储的内容不是学习记录' : d.message,
  }));
  state.learner = Learner.rebuild(study, read.entries);
  state.name = (await store.getMeta<string>('name')) ?? '学员';
}

/**
 * Persists an entry a session or reading handed out. Call before showing its feedback; the
 * learner object already includes it.
 */
export async function persist(entry: LogEntry): Promise<void> {
  await store.append(logRecord(entry));
  state.entries.push(entry);
}

/** A Chinese message for any failure. */
export function describe(e: unknown): string {
  if (e instanceof KaotangError) return e.message;
  if (e instanceof Error) return `${e.name === 'Error' ? '' : `${e.name}：`}${e.message}`;
  return String(e);
}

type Organizer = typeof import('kaotang/contest');
let organizer: Promise<Organizer> | undefined;

/**
 * The package's organizer module, loaded on first use: it carries the profile export and
 * the deadline plan, which the learner's module has no room for (see
 * crates/kaotang-wasm/src/profile.rs). Its objects do not mix with the learner module's.
 */
export function organizerModule(): Promise<Organizer> {
  organizer ??= import('kaotang/contest');
  return organizer;
}

type OrganizerBanks = ReturnType<Organizer['Banks']['load']>;
let planner: Promise<{ c: Organizer; banks: OrganizerBanks; study: InstanceType<Organizer['Study']> }> | undefined;

/** The deadline plan of the current learner (in the organizer module). */
export async function deadlinePlan(now: number, settings: import('kaotang').DeadlineSettings) {
  planner ??= organizerModule().then((c) => ({ c, banks: c.Banks.load(shippedBanks), study: new c.Study() }));
  const { c, banks: b, study: s } = await planner;
  const learner = c.Learner.rebuild(s, state.entries);
  try {
    return learner.deadlinePlan(s, b, now, settings);
  } finally {
    learner.free();
  }
}
