// Local-first storage in IndexedDB: the learner's log, one record per entry (the core's
// versioned JSON text, as a CLI profile stores it), and a few settings. An answer's record
// is committed before its feedback is shown. Records are never rewritten or dropped here:
// a damaged one stays stored and is reported.

const DB = 'kaotang';
const LOG = 'log';
const META = 'meta';

export interface StoredRecord {
  key: number;
  /** The record's text, or undefined when the stored value is not a record at all. */
  text: string | undefined;
}

let db: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  db ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(LOG, { autoIncrement: true });
      req.result.createObjectStore(META);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB'));
    req.onblocked = () => reject(new Error('另一个标签页正在升级本地数据，请关闭其他考堂页面后重试'));
  });
  return db;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
  });
}

/** Appends one record; resolves once it is committed. */
export async function append(text: string): Promise<void> {
  const tx = (await open()).transaction(LOG, 'readwrite', { durability: 'strict' });
  tx.objectStore(LOG).add({ text });
  await done(tx);
}

/** Every stored record in order. */
export async function readAll(): Promise<StoredRecord[]> {
  const tx = (await open()).transaction(LOG, 'readonly');
  const out: StoredRecord[] = [];
  const req = tx.objectStore(LOG).openCursor();
  req.onsuccess = () => {
    const cursor = req.result;
    if (!cursor) return;
    const v: unknown = cursor.value;
    const text = v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string'
      ? (v as { text: string }).text
      : undefined;
    out.push({ key: Number(cursor.key), text });
    cursor.continue();
  };
  await done(tx);
  return out;
}

/** Replaces the whole log with `texts` in one transaction (an import the learner confirmed). */
export async function replaceLog(texts: string[]): Promise<void> {
  const tx = (await open()).transaction(LOG, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(LOG);
  store.clear();
  for (const text of texts) store.add({ text });
  await done(tx);
}

/** A setting (undefined when unset). */
export async function getMeta<T>(key: string): Promise<T | undefined> {
  const tx = (await open()).transaction(META, 'readonly');
  const req = tx.objectStore(META).get(key);
  await done(tx);
  return req.result as T | undefined;
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  const tx = (await open()).transaction(META, 'readwrite');
  tx.objectStore(META).put(value, key);
  await done(tx);
}
