// 繁體 (kaotang/contest): the core's OpenCC conversion, phrases first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KaotangError, Traditional } from 'kaotang/contest';

test('simplified text in traditional characters, by standard', () => {
  const cc = new Traditional();
  assert.equal(cc.convert('遵义会议'), '遵義會議');
  assert.equal(cc.convert('头发和发展'), '頭髮和發展');
  assert.equal(cc.convert('A. 1921年'), 'A. 1921年');
  assert.equal(new Traditional('hant-tw').convert('软件'), '軟件');
  assert.throws(() => new Traditional('hant-xx'), (e) => e instanceof KaotangError && e.code === 'INVALID_SETTINGS' && /hant-xx/.test(e.message));
});
