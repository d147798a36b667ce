import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KaotangError as CoreError } from 'kaotang';
import { Assembly, Banks, KaotangError, Stage, lottery, rankUnits } from 'kaotang/contest';
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
const seed = 2021n;

test('a paper per participant: shuffled, never the key; the key for the organizer', () => {
  const assembly = Assembly.assemble(banks, blueprint, seed);
  const again = Assembly.fromJSON(JSON.parse(JSON.stringify(assembly)));
  const view = assembly.participantView(banks, seed, 'p001');
  assert.deepEqual(again.participantView(banks, seed, 'p001'), view);
  assert.equal(view.participant, 'p001');
  assert.equal(view.sections.length, 2);
  const text = JSON.stringify(view);
  assert.ok(!/answer|explanation|hint/.test(text), text);
  const key = assembly.answerKey(banks, seed, 'p001');
  assert.equal(key.length, 4);
  assert.deepEqual(key.map((k) => k.number), [1, 2, 3, 4]);
});

test('scoring a sheet stream: results, bad rows by number, ranking, units, item analysis', () => {
  const assembly = Assembly.assemble(banks, blueprint, seed);
  // Sheets answered on each participant's own (shuffled) paper.
  const key = (p) => assembly.answerKey(banks, seed, p).map((k) => k.answer);
  const rows = [
    '编号,姓名,单位,用时,次数,1,2,3,4',
    `p001,张三,东城区/一支部,300,1,${key('p001').join(',')}`,
    `p002,李四,东城区/二支部,200,1,${key('p002').slice(0, 2).join(',')},,`,
    ',无编号,西城区,600,1,A,A,对,对',
  ];
  const rules = { base: 0, answers: { order: 'presented', seed: 2021 } };
  const scoring = assembly.scoreSheets(banks, new TextEncoder().encode(rows.join('\n')), {
    rules,
    analysis: true,
  });
  const results = scoring.results();
  assert.deepEqual(
    results.map((r) => [r.participant, r.score]),
    [['p001', 30], ['p002', 20]],
  );
  assert.deepEqual(scoring.errors(), [{ row: 4, message: '参赛编号为空' }]);
  assert.equal(scoring.sheets, 2);
  assert.equal(scoring.ignored, 0);
  assert.deepEqual(scoring.rank().map((r) => results[r.index].participant), ['p001', 'p002']);
  const units = scoring.units([{ unit: ['东城区', '一支部'], headcount: 4 }], { fullMarks: 30 });
  const dc = units.find((u) => u.path.join('/') === '东城区');
  assert.equal(dc.participants, 2);
  const top = rankUnits(units, 2, ['mean']);
  assert.equal(units[top[0][1]].path.join('/'), '东城区/一支部');
  const [[form, report]] = scoring.itemAnalysis();
  assert.equal(form, 'A');
  assert.equal(report.items.length, 4);

  const plain = assembly.scoreSheets(banks, new TextEncoder().encode(rows.join('\n')), { rules });
  assert.throws(() => plain.itemAnalysis(), (e) => e.code === 'NOT_FOUND');
});

test('contest errors are typed', () => {
  const big = { ...blueprint, sections: [{ name: '单选题', filter: { types: ['single'] }, count: 99, points: 1 }] };
  assert.throws(
    () => Assembly.assemble(banks, big, seed),
    (e) => e instanceof KaotangError && e.code === 'CONTEST' && /还缺/.test(e.message),
  );
  assert.throws(() => Assembly.assemble(banks, { title: 'x' }, seed), (e) => e.code === 'INVALID_JSON');
  const assembly = Assembly.assemble(banks, blueprint, seed);
  assert.throws(
    () => assembly.scoreSheets(banks, new Uint8Array(), { rules: { bonus: 1 } }),
    (e) => e.code === 'INVALID_JSON' && /bonus/.test(e.message),
  );
});

test('the lottery is repeatable from its public seed', () => {
  const pool = Array.from({ length: 50 }, (_, i) => `p${i}`);
  const draw = lottery(pool, 5, '2026-12-06 开奖号码 123456');
  assert.equal(draw.winners.length, 5);
  assert.equal(draw.pool, 50);
  assert.deepEqual(lottery(pool, 5, '2026-12-06 开奖号码 123456'), draw);
  assert.notDeepEqual(lottery(pool, 5, '另一个号码').winners, draw.winners);
});

test('an on-stage contest folds its log, refuses illegal events, and replays', () => {
  // question-banks/blueprints/stage.yaml as an object.
  const config = {
    title: '党史知识竞赛决赛',
    baseScore: 100,
    teams: [
      { id: 't1', name: '东城区代表队' },
      { id: 't2', name: '西城区代表队' },
      { id: 't3', name: '朝阳区代表队' },
    ],
    rounds: [
      { name: '必答题', kind: 'required', right: 10, wrong: 0 },
      { name: '抢答题', kind: 'buzz', right: 10, wrong: 10, early: 5, audience: true },
      { name: '风险题', kind: 'risk', tiers: [10, 20, 30] },
    ],
  };
  const stage = new Stage(config);
  stage.apply({ event: 'start_round', round: 0 });
  assert.equal(stage.roundLabel.includes('必答题'), true);
  stage.apply({ event: 'question' });
  assert.throws(
    () => stage.apply({ event: 'answer', team: 't2', correct: true }),
    (e) => e instanceof KaotangError && e.code === 'CONTEST',
  );
  stage.apply({ event: 'answer', team: 't1', correct: true });
  const board = stage.scoreboard();
  assert.deepEqual([board[0].team, board[0].score], ['t1', 110]);
  const replayed = Stage.replay(config, stage.toLog());
  assert.deepEqual(replayed.scoreboard(), board);
  assert.throws(() => Stage.replay(config, '{"event":"nope"}'), (e) => e.code === 'INVALID_JSON');
  assert.throws(() => new Stage({ ...config, teams: config.teams.slice(0, 1) }), (e) => e.code === 'CONTEST' && /两支队伍/.test(e.message));
  assert.throws(() => new Stage({ ...config, rounds: [{ name: 'x', kind: 'dance' }] }), (e) => e.code === 'CONTEST');
});

test('the organizer\'s module throws the same KaotangError class as the core', () => {
  assert.equal(KaotangError, CoreError);
});
