// The on-stage contest's console surface: the shipped YAML configuration, the status a
// console and a big screen show, and a log torn by a crash read back as the CLI reads it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Stage, parseStageConfig, recoverStageLog } from 'kaotang/contest';

const yaml = readFileSync(new URL('../../../question-banks/blueprints/stage.yaml', import.meta.url), 'utf8');

test('the shipped stage.yaml reads with every default filled in', () => {
  const config = parseStageConfig(yaml);
  assert.equal(config.base_score, 100);
  assert.deepEqual(config.teams.map((t) => t.id), ['t1', 't2', 't3', 't4']);
  assert.deepEqual(config.rounds.map((r) => r.kind), ['required', 'buzz', 'risk', 'sudden_death']);
  assert.deepEqual(new Stage(config).config(), config);
  assert.throws(() => parseStageConfig('teams: [\n  { id: t1 '), (e) => e.code === 'CONTEST' && /line|行/.test(e.message));
});

test('status: phase, turn, lockouts and questions follow the fold and undo', () => {
  const stage = new Stage(parseStageConfig(yaml));
  assert.deepEqual(
    [stage.status().phase, stage.status().round_label, stage.status().can_undo],
    ['idle', '未开始', false],
  );
  stage.apply({ event: 'start_round', round: 1 });
  stage.apply({ event: 'question', question: 'q1' });
  stage.apply({ event: 'buzz', team: 't2' });
  let s = stage.status();
  assert.deepEqual([s.phase, s.locked, s.question, s.asked, s.turn], ['reading', ['t2'], 'q1', 1, null]);
  stage.apply({ event: 'go' });
  stage.apply({ event: 'buzz', team: 't3' });
  assert.deepEqual(stage.status().phase, 'answering');
  assert.equal(stage.status().team, 't3');
  stage.apply({ event: 'undo' });
  assert.equal(stage.status().phase, 'open');
  assert.throws(() => stage.apply({ event: 'start_round', round: 2 }), (e) => e.code === 'CONTEST');
  s = stage.status();
  assert.deepEqual([s.phase, s.turn, s.used], ['open', null, ['q1']], 'a refused event changes nothing');
  stage.apply({ event: 'audience' });
  stage.apply({ event: 'start_round', round: 2 });
  stage.apply({ event: 'pick', team: 't1', tier: 30, question: 'q2' });
  s = stage.status();
  assert.deepEqual([s.phase, s.team, s.tier, s.turn, s.used], ['stake', 't1', 30, 't1', ['q1', 'q2']]);
  assert.deepEqual(stage.events().at(-1), { event: 'pick', team: 't1', tier: 30, question: 'q2' });
});

test('a torn last line is set aside and reported; the rest replays', () => {
  const whole = '{"event":"start_round","round":0}\n{"event":"question"}{"event":"answer","team":"t1","correct":true}\n';
  const r = recoverStageLog(`${whole}{"event":"question","que`);
  assert.equal(r.events, 3);
  assert.deepEqual(r.gluedLines, [2]);
  assert.deepEqual(r.torn, { line: 3, text: '{"event":"question","que' });
  assert.equal(r.needsRewrite, true);
  const stage = Stage.replay(parseStageConfig(yaml), r.log);
  assert.equal(stage.scoreboard()[0].score, 110);
  assert.deepEqual(recoverStageLog(r.log).torn, null);
  assert.throws(() => recoverStageLog('{"event":"go"}\nnot json\n{"event":"go"}\n'), (e) => e.code === 'INVALID_JSON' && /第 2 行/.test(e.message));
});

test('a configuration error in YAML says what is wrong, without a position in the JSON', () => {
  assert.throws(
    () => parseStageConfig('teams: [{ id: t1, name: 一队 }, { id: t2, name: 二队 }]\nrounds: [{ name: x, kind: dance }]\n'),
    (e) => e.code === 'CONTEST' && /dance/.test(e.message) && !/line 1 column/.test(e.message),
  );
  assert.throws(() => parseStageConfig('teams: [{ id: t1, name: 一队 }]\nrounds: []\n'), (e) => /两支队伍/.test(e.message));
});

test('a stage question: authored choices, the key as typed, the explanation', async () => {
  const { Banks, stageQuestion } = await import('kaotang/contest');
  const { shippedBanks } = await import('kaotang/banks');
  const banks = Banks.load(shippedBanks);
  for (const type of ['single', 'judge', 'fill']) {
    const id = banks.questionIds({ types: [type] })[0];
    const q = banks.question(id);
    const shown = stageQuestion(banks, id);
    assert.deepEqual(shown.view, banks.view(id));
    assert.equal(shown.explanation, q.explanation);
    const key = { single: q.answer, judge: q.answer === true ? '对' : '错', fill: Array.isArray(q.answer) ? q.answer.map((b) => b[0]).join('；') : '' }[type];
    assert.equal(shown.answer, key, `${type} ${id}`);
  }
  assert.throws(() => stageQuestion(banks, 'nope-1'), (e) => e.code === 'NOT_FOUND');
});
