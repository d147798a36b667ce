// The contest in the browser's IndexedDB: the configuration, the log (the exact text
// `kaotang contest stage --log` reads) and the question paper's seed. One record, written
// whole in one transaction after every accepted event; a replaced contest is kept under a
// backup key, never deleted.
import type { StageConfigData } from 'kaotang/contest';

export interface SavedContest {
  config: StageConfigData;
  log: string;
  /** Seed of the question paper (stage-paper.yaml). */
  seed: number;
  savedAt: string;
}

const DB = 'kaotang-stage';
const STORE = 'contest';
const CURRENT = 'current';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB 无法打开'));
  });
}

function run<T>(mode: IDBTransactionMode, body: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  return open().then(
    (db) =>
      new Promise<T | undefined>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = body(tx.objectStore(STORE));
        // Resolved when the transaction commits, not when the request succeeds: the write is
        // then on disk as far as the browser promises.
        tx.oncomplete = () => {
          db.close();
          resolve(req ? req.result : undefined);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB 写入失败'));
        };
        tx.onabort = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB 写入被中止'));
        };
      }),
  );
}

/** The saved contest as stored (unchecked: the caller replays it and reports problems). */
export function loadRaw(): Promise<unknown> {
  return run<unknown>('readonly', (s) => s.get(CURRENT));
}

export async function save(contest: SavedContest): Promise<void> {
  await run('readwrite', (s) => s.put(contest, CURRENT));
}

/** Moves the current record (whatever it holds) to `backup-<time>`; returns that key. */
export async function backup(now: Date): Promise<string | null> {
  const raw = await loadRaw();
  if (raw === undefined) return null;
  const key = `backup-${now.toISOString()}`;
  await run('readwrite', (s) => s.put(raw, key));
  return key;
}
