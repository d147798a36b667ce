import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Assembly, Banks, KaotangError, scoreSheetStream } from 'kaotang/contest';
import { starter } from './support.mjs';

const banks = Banks.load([starter]);
const blueprint = {
  title: '初赛',
  timeLimitMinutes: 10,
  sections: [
    { name: '单选题', filter: { types: ['single'] }, count: 2, points: 10 },
    { name: '判断题', filter: { types: ['judge'] }, count: 2, points: 5 },
  ],
};
const assembly = Assembly.assemble(banks, blueprint, 7n);

// About 400 kB: past the first 256 KiB the reader decides the encoding from, so the stream
// scores in pieces. Quoted cells with line breaks, a bad row, a last line without a break.
function sheetFile() {
  const answers = ['A', 'B', 'C', 'D', '对', '错', ''];
  const rows = ['编号,姓名,单位,用时,1,2,3,4'];
  let n = 0;
  let length = 0;
  while (length < 400_000) {
    const a = (k) => answers[(n * 7 + k * 3) % answers.length];
    const name = n % 97 === 0 ? `"张\n三,${n}"` : `学员${n}`;
    const id = n % 501 === 0 ? '' : `p${n % 5000}`;
    rows.push(`${id},${name},东城区/支部${n % 13},${100 + (n % 500)},${a(0)},${a(1)},${a(2)},${a(3)}`);
    length += rows[rows.length - 1].length + 2;
    n += 1;
  }
  return new TextEncoder().encode(rows.join('\r\n'));
}

function summary(scoring) {
  return JSON.stringify([scoring.results(), scoring.errors(), scoring.sheets, scoring.ignored, scoring.itemAnalysis()]);
}

// A seeded generator, so a failure can be repeated.
function pieces(bytes, seed) {
  let x = seed;
  const out = [];
  for (let at = 0; at < bytes.length; ) {
    x = (x * 48271) % 2147483647; // Park–Miller: exact in doubles
    const size = [1, 2, 3, 7, 100, 4096, 65_536, 300_000][x % 8];
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

test('a sheet file pushed in random pieces scores exactly as the whole file', () => {
  const bytes = sheetFile();
  const options = { analysis: true };
  const whole = summary(assembly.scoreSheets(banks, bytes, options));
  assert.ok(JSON.parse(whole)[1].length > 0, 'the file has bad rows');
  for (const seed of [1, 2, 3]) {
    const stream = assembly.scoreStream(banks, options);
    for (const piece of pieces(bytes, seed)) stream.push(piece);
    assert.equal(summary(stream.finish()), whole, `seed ${seed}`);
  }
});

test('scoreSheetStream reads a ReadableStream, an async iterable and a file stream', async () => {
  const bytes = sheetFile();
  const whole = summary(assembly.scoreSheets(banks, bytes, { analysis: true }));
  const list = pieces(bytes, 9);
  let next = 0;
  const readable = new ReadableStream({
    pull(controller) {
      if (next < list.length) controller.enqueue(list[next++]);
      else controller.close();
    },
  });
  assert.equal(summary(await scoreSheetStream(assembly, banks, readable, { analysis: true })), whole);
  async function* generate() {
    for (const p of list) yield p.slice().buffer;
  }
  assert.equal(summary(await scoreSheetStream(assembly, banks, generate(), { analysis: true })), whole);
  const dir = mkdtempSync(join(tmpdir(), 'kaotang-'));
  try {
    const file = join(dir, 'sheets.csv');
    writeFileSync(file, bytes);
    const source = createReadStream(file, { highWaterMark: 1000 });
    assert.equal(summary(await scoreSheetStream(assembly, banks, source, { analysis: true })), whole);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a sheet stream without an id column fails with INVALID_JSON, at the end if need be', async () => {
  const stream = assembly.scoreStream(banks);
  stream.push(new TextEncoder().encode('姓名,1,2\n张三,A,B\n'));
  assert.throws(() => stream.finish(), (e) => e instanceof KaotangError && e.code === 'INVALID_JSON' && /编号/.test(e.message));
  await assert.rejects(
    scoreSheetStream(assembly, banks, [new TextEncoder().encode('姓名\n')]),
    (e) => e instanceof KaotangError && e.code === 'INVALID_JSON',
  );
  const used = assembly.scoreStream(banks);
  used.push(new TextEncoder().encode('编号,1\n'));
  assert.equal(used.finish().sheets, 0);
  assert.throws(() => used.push(new Uint8Array(1)));
});
