// The 现场赛 host console. The package folds the event log (rules, scores, undo, the log's
// text); this page turns keys and buttons into events, keeps the log in IndexedDB before the
// board changes, and sends the projector window (screen.html) what to show.
import {
  Assembly,
  Banks,
  Stage,
  parseBlueprint,
  parseStageConfig,
  recoverStageLog,
  stageQuestion,
  type StageConfigData,
  type StageEvent,
  type StageStatus,
  type QuestionView,
} from 'kaotang/contest';
import { shippedBanks } from 'kaotang/banks';
import stageYaml from '../../../question-banks/blueprints/stage.yaml?raw';
import paperYaml from '../../../question-banks/blueprints/stage-paper.yaml?raw';
import { CHANNEL, LETTERS, TYPE_LABELS, h, secondsLeft, type Message, type ScreenState } from './shared';
import { backup, loadRaw, save, type SavedContest } from './store';
import './stage.css';

const DEFAULT_SEED = 2026;

interface Item {
  id: string;
  number: number;
  section: string;
  view: QuestionView;
  answer: string;
  explanation: string;
}

interface Action {
  /** Key ids that run it: `q`, `1`, `shift+1`, `ctrl+z`. */
  keys: string[];
  kbd: string;
  label: string;
  tone?: 'good' | 'bad';
  run: () => void;
}

document.body.classList.add('host');
const app = document.getElementById('app') as HTMLElement;
let banks: Banks;
const channel = new BroadcastChannel(CHANNEL);

let config: StageConfigData;
let stage: Stage;
let seed = DEFAULT_SEED;
let sections: { name: string; items: Item[] }[] = [];
let byId = new Map<string, Item>();
/** A question the host picked by hand for the next 出题 (else the next unused one). */
let chosen: string | null = null;
const ui = {
  reveal: false,
  ranking: false,
  countdown: null as { endsAt: number; seconds: number } | null,
  answerSeconds: 30,
  buzzSeconds: 10,
};

// ---- the question paper: stage-paper.yaml assembled from the shipped banks with a seed, in
// the order and with the choices the CLI's form and key files print for the same seed

function buildPaper(): void {
  const assembly = Assembly.assemble(banks, parseBlueprint(paperYaml), BigInt(seed));
  const form = assembly.toJSON().forms[0];
  assembly.free();
  sections = (form?.sections ?? []).map((sec) => ({
    name: sec.name,
    items: sec.questions.map((id, i) => ({ id, number: i + 1, section: sec.name, ...stageQuestion(banks, id) })),
  }));
  byId = new Map(sections.flatMap((s) => s.items.map((i) => [i.id, i] as const)));
}

/** A question the log names: from the paper, else (a log from another paper) from the banks. */
function lookup(id: string | null): Item | undefined {
  if (id === null) return undefined;
  const found = byId.get(id);
  if (found) return found;
  try {
    return { id, number: 0, section: '题库', ...stageQuestion(banks, id) };
  } catch {
    return undefined;
  }
}

/** The paper's section for a round (a 风险 round has one per tier: `风险题·20分`). */
function section(round: number, tier?: number) {
  const name = config.rounds[round]?.name ?? '';
  return sections.find((s) => s.name === (tier === undefined ? name : `${name}·${tier}分`));
}

function nextItem(round: number, status: StageStatus, tier?: number): Item | undefined {
  const used = new Set(status.used);
  return section(round, tier)?.items.find((i) => !used.has(i.id));
}

// ---- names and words

function teamName(id: string | null | undefined): string {
  return config.teams.find((t) => t.id === id)?.name ?? id ?? '';
}

function teamIndex(id: string): number {
  return config.teams.findIndex((t) => t.id === id);
}

function describe(e: StageEvent): string {
  switch (e.event) {
    case 'start_round':
      return `开始第 ${e.round + 1} 轮：${config.rounds[e.round]?.name ?? ''}`;
    case 'question':
      return e.question ? `出题（${e.question}）` : '出题';
    case 'go':
      return '开始抢答';
    case 'buzz':
      return `${teamName(e.team)} 抢答`;
    case 'pick':
      return `${teamName(e.team)} 选 ${e.tier} 分${e.question ? `（${e.question}）` : ''}`;
    case 'pass':
      return `${teamName(e.team)} 放弃`;
    case 'answer':
      return `${teamName(e.team)} 答${e.correct ? '对' : '错'}`;
    case 'audience':
      return '交给观众';
    case 'adjust':
      return `${teamName(e.team)} 调整 ${e.points > 0 ? '+' : ''}${e.points}${e.reason ? `（${e.reason}）` : ''}`;
    case 'undo':
      return '撤销';
  }
}

function prompt(s: StageStatus): string {
  const kind = s.round === null ? null : config.rounds[s.round]?.kind;
  switch (s.phase) {
    case 'turn':
      return `请 ${teamName(s.team)} 作答`;
    case 'reading':
      return '请听题，听到“开始”后抢答';
    case 'open':
      return '抢答开始！';
    case 'answering':
      return `${teamName(s.team)} 抢答成功，请作答`;
    case 'stake':
      return `${teamName(s.team)} 选择 ${s.tier} 分风险题，请作答`;
    case 'idle':
      // Only a 加赛 ends by itself (first place decided).
      if (s.round === null) return s.round_label === '未开始' ? '比赛即将开始' : '加赛结束，第一名已决出';
      if (kind === 'risk') return `请 ${teamName(s.turn)} 选择风险题分值`;
      if (kind === 'required') return `下一题由 ${teamName(s.turn)} 作答`;
      if (kind === 'sudden_death') return `加赛：${s.tied.map(teamName).join('、')}`;
      return '请准备下一题';
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---- events: checked by the package, saved, then shown

let queue: Promise<void> = Promise.resolve();

/** Applies `event` in order with every other; the board changes only once the log is saved. */
function act(event: StageEvent): Promise<void> {
  queue = queue.then(() => apply(event));
  return queue;
}

async function apply(event: StageEvent): Promise<void> {
  const before = stage.toLog();
  try {
    stage.apply(event);
  } catch (e) {
    flash(`不能执行：${message(e)}`, 'error');
    return;
  }
  try {
    await persist();
  } catch (e) {
    stage.free();
    stage = Stage.replay(config, before);
    flash(`未能保存到浏览器存储（${message(e)}），这一步没有生效`, 'error');
    render();
    return;
  }
  const s = stage.status();
  if (event.event === 'question' || event.event === 'pick' || event.event === 'start_round') {
    ui.reveal = false;
    ui.ranking = false;
    chosen = null;
  }
  if (event.event === 'answer' || event.event === 'audience') ui.reveal = s.phase === 'idle';
  // The countdown follows the question: answering time when a team answers, buzzing time
  // while buzzing is open, none otherwise.
  if (s.phase === 'turn' || s.phase === 'answering' || s.phase === 'stake') startCountdown(ui.answerSeconds);
  else if (s.phase === 'open') startCountdown(ui.buzzSeconds);
  else ui.countdown = null;
  flash(describe(event), 'info');
  render();
}

function persist(): Promise<void> {
  const record: SavedContest = { config, log: stage.toLog(), seed, savedAt: new Date().toISOString() };
  return save(record);
}

function startCountdown(seconds: number): void {
  ui.countdown = seconds > 0 ? { endsAt: Date.now() + seconds * 1000, seconds } : null;
}

// ---- what the host can do now (buttons and keys come from this one list)

function actions(s: StageStatus): { now: Action[]; rounds: Action[]; always: Action[] } {
  const now: Action[] = [];
  const round = s.round === null ? null : config.rounds[s.round];
  const answer = (team: string): void => {
    now.push({ keys: ['y'], kbd: 'Y', label: `${teamName(team)} 答对`, tone: 'good', run: () => void act({ event: 'answer', team, correct: true }) });
    now.push({ keys: ['n'], kbd: 'N', label: `${teamName(team)} 答错`, tone: 'bad', run: () => void act({ event: 'answer', team, correct: false }) });
  };
  const buzzers = (early: boolean): void => {
    config.teams.forEach((t, i) => {
      if (s.locked.includes(t.id) || (s.tied.length > 0 && !s.tied.includes(t.id)) || i > 8) return;
      const label = early && round?.kind === 'buzz' ? `${t.name} 抢答（信号前，扣 ${round.early} 分）` : `${t.name} 抢答`;
      now.push({ keys: [String(i + 1)], kbd: String(i + 1), label, run: () => void act({ event: 'buzz', team: t.id }) });
    });
  };
  if (round && s.round !== null) {
    switch (s.phase) {
      case 'idle':
        if (round.kind === 'risk') {
          const team = s.turn;
          if (team) {
            round.tiers.forEach((tier, i) => {
              const item = nextItem(s.round as number, s, tier);
              now.push({
                keys: [String(i + 1)],
                kbd: String(i + 1),
                label: `${teamName(team)} 选 ${tier} 分`,
                run: () => void act({ event: 'pick', team, tier, ...(item ? { question: item.id } : {}) }),
              });
            });
            now.push({ keys: ['p'], kbd: 'P', label: `${teamName(team)} 放弃`, run: () => void act({ event: 'pass', team }) });
          }
        } else {
          const item = (chosen && byId.get(chosen)) || nextItem(s.round, s);
          now.push({
            keys: ['q'],
            kbd: 'Q',
            label: item ? `出题：${item.section} 第 ${item.number} 题` : '出题（题目方案中已无题）',
            run: () => void act({ event: 'question', ...(item ? { question: item.id } : {}) }),
          });
        }
        break;
      case 'turn':
      case 'answering':
      case 'stake':
        answer(s.team);
        break;
      case 'reading':
        now.push({ keys: ['g'], kbd: 'G', label: '开始抢答', tone: 'good', run: () => void act({ event: 'go' }) });
        buzzers(true);
        break;
      case 'open':
        buzzers(false);
        break;
    }
    if ((s.phase === 'reading' || s.phase === 'open') && round.kind === 'buzz' && round.audience) {
      now.push({ keys: ['a'], kbd: 'A', label: '交给观众', run: () => void act({ event: 'audience' }) });
    }
  }
  const rounds = config.rounds.slice(0, 9).map((r, i) => ({
    keys: [`shift+${i + 1}`],
    kbd: `⇧${i + 1}`,
    label: `开始第 ${i + 1} 轮：${r.name}`,
    run: () => void act({ event: 'start_round', round: i }),
  }));
  const always: Action[] = [
    { keys: ['u', 'ctrl+z'], kbd: 'U', label: '撤销上一步', run: () => void act({ event: 'undo' }) },
    { keys: ['t'], kbd: 'T', label: '重新计时', run: () => { startCountdown(ui.answerSeconds); render(); } },
    { keys: ['r'], kbd: 'R', label: ui.reveal ? '大屏隐藏答案' : '大屏揭晓答案', run: () => { ui.reveal = !ui.reveal; render(); } },
    { keys: ['b'], kbd: 'B', label: ui.ranking ? '大屏返回题目' : '大屏显示排名', run: () => { ui.ranking = !ui.ranking; render(); } },
  ];
  return { now, rounds, always };
}

function keyId(e: KeyboardEvent): string {
  if (e.shiftKey && /^Digit\d$/.test(e.code)) return `shift+${e.code.slice(5)}`;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') return 'ctrl+z';
  if (e.ctrlKey || e.metaKey || e.altKey) return '';
  return e.key.toLowerCase();
}

document.addEventListener('keydown', (e) => {
  const t = e.target as HTMLElement | null;
  if (t && t.closest('input, select, textarea, [contenteditable]')) {
    // Esc leaves a field, so the shortcuts work again.
    if (e.key === 'Escape') t.blur();
    return;
  }
  if (!stage) return;
  const id = keyId(e);
  if (!id) return;
  const { now, rounds, always } = actions(stage.status());
  const found = [...now, ...rounds, ...always].find((a) => a.keys.includes(id));
  if (found) {
    e.preventDefault();
    found.run();
  }
});

// ---- rendering

const parts = {
  title: h('h1'),
  round: h('p', { class: 'round', id: 'round-label' }),
  board: h('tbody'),
  question: h('div', { class: 'q-body' }),
  countdown: h('p', { class: 'countdown', id: 'host-countdown', 'aria-live': 'off' }),
  prompt: h('p', { class: 'prompt', id: 'host-prompt' }),
  now: h('div', { class: 'actions', id: 'actions-now' }),
  rounds: h('div', { class: 'actions rounds', id: 'actions-rounds' }),
  always: h('div', { class: 'actions', id: 'actions-always' }),
  picker: h('select', { id: 'next-question', 'aria-label': '下一题（可另选）' }) as HTMLSelectElement,
  log: h('ol', { class: 'log', id: 'event-log' }),
  logCount: h('span'),
  message: h('p', { id: 'message', role: 'status', class: 'message' }),
  alert: h('div', { id: 'alert', role: 'alert', class: 'alert' }),
};

function flash(text: string, kind: 'info' | 'error' | 'warn'): void {
  if (kind === 'info') {
    parts.message.textContent = text;
    return;
  }
  parts.alert.replaceChildren(h('p', {}, text), closeButton());
  parts.alert.dataset.kind = kind;
}

function closeButton(): HTMLElement {
  const b = h('button', { type: 'button', class: 'close' }, '知道了');
  b.addEventListener('click', () => parts.alert.replaceChildren());
  return b;
}

function button(a: Action): HTMLElement {
  const b = h('button', { type: 'button', class: `act ${a.tone ?? ''}`, 'aria-keyshortcuts': a.keys.map(ariaKey).join(' ') }, h('kbd', {}, a.kbd), ' ', a.label);
  b.addEventListener('click', () => a.run());
  return b;
}

/** `shift+1` → `Shift+1`, `q` → `Q` (the names aria-keyshortcuts expects). */
function ariaKey(k: string): string {
  const names: Record<string, string> = { shift: 'Shift', ctrl: 'Control' };
  return k.split('+').map((p) => names[p] ?? p.toUpperCase()).join('+');
}

function questionBlock(item: Item | undefined, s: StageStatus): HTMLElement[] {
  if (!item) {
    const why =
      s.question !== null
        ? `题库中没有题目 ${s.question}，无法显示`
        : s.asked > 0
          ? '本题未指定题目（按题号出题才显示题目）'
          : '尚未出题';
    return [h('p', { class: 'muted' }, why)];
  }
  const v = item.view;
  const out: HTMLElement[] = [
    h('p', { class: 'q-meta' }, `${item.number ? `${item.section} 第 ${item.number} 题` : '不在本场题目方案中'} · ${TYPE_LABELS[v.type]} · ${item.id}`),
    h('p', { class: 'q-stem', id: 'host-stem' }, v.stem),
  ];
  if (v.choices?.length) {
    out.push(h('ol', { class: 'q-choices' }, ...v.choices.map((c, i) => h('li', {}, h('b', {}, `${LETTERS[i]}. `), c))));
  }
  if (v.right?.length) {
    out.push(h('ol', { class: 'q-choices' }, ...v.right.map((c, i) => h('li', {}, h('b', {}, `${LETTERS[i]}. `), c))));
  }
  out.push(
    h('p', { class: 'q-key', id: 'host-key' }, h('b', {}, '答案：'), item.answer),
    h('p', { class: 'q-expl' }, h('b', {}, '解析：'), item.explanation),
  );
  return out;
}

function render(): void {
  const s = stage.status();
  const board = stage.scoreboard();
  document.title = `${config.title || '现场赛'} · 主持台`;
  parts.title.textContent = config.title || '现场赛';
  parts.round.textContent = `当前：${s.round_label}`;
  parts.board.replaceChildren(
    ...board.map((t) => {
      const flags = [
        ('team' in s && s.team === t.team) || (s.phase === 'idle' && s.turn === t.team) ? '轮到' : '',
        s.locked.includes(t.team) ? '本题不能再抢答' : '',
        s.tied.length > 0 && !s.tied.includes(t.team) ? '不参加加赛' : '',
      ].filter(Boolean);
      return h(
        'tr',
        { 'data-team': t.team, class: flags.includes('轮到') ? 'active' : '' },
        h('td', {}, `第${t.rank}名`),
        h('td', {}, h('kbd', {}, String(teamIndex(t.team) + 1)), ' ', t.name),
        h('td', { class: 'score' }, String(t.score)),
        h('td', { class: 'flags' }, flags.join('，')),
      );
    }),
  );
  const item = lookup(s.question);
  parts.question.replaceChildren(...questionBlock(item, s));
  parts.prompt.textContent = prompt(s);
  const { now, rounds, always } = actions(s);
  parts.now.replaceChildren(...(now.length ? now.map(button) : [h('p', { class: 'muted' }, s.round === null ? '请先开始一轮（⇧ + 轮次数字）' : '现在没有可做的操作')]));
  parts.rounds.replaceChildren(...rounds.map(button));
  parts.always.replaceChildren(...always.map(button));
  renderPicker(s);
  const events = stage.events();
  parts.logCount.textContent = `（${events.length} 个事件）`;
  parts.log.replaceChildren(...events.slice(-12).map((e, i, shown) => h('li', { value: String(events.length - shown.length + i + 1) }, describe(e))));
  tick();
  document.body.dataset.events = String(events.length);
  broadcast();
}

/** Lets the host put another unused question of the round than the next one. */
function renderPicker(s: StageStatus): void {
  const round = s.round === null ? undefined : config.rounds[s.round];
  const sec = s.round !== null && round && round.kind !== 'risk' ? section(s.round) : undefined;
  const used = new Set(s.used);
  const free = sec?.items.filter((i) => !used.has(i.id)) ?? [];
  parts.picker.disabled = s.phase !== 'idle' || free.length === 0;
  // 风险 questions come with the tier a team picks; no round, no list.
  (parts.picker.parentElement as HTMLElement | null)?.toggleAttribute('hidden', sec === undefined);
  const next = (chosen && free.find((i) => i.id === chosen)) || free[0];
  parts.picker.replaceChildren(
    ...free.map((i) => {
      const o = h('option', { value: i.id }, `第 ${i.number} 题：${i.view.stem.slice(0, 24)}${i.view.stem.length > 24 ? '…' : ''}`) as HTMLOptionElement;
      o.selected = i === next;
      return o;
    }),
  );
}

parts.picker.addEventListener('change', () => {
  chosen = parts.picker.value || null;
  render();
});

function screenState(): ScreenState {
  const s = stage.status();
  const board = stage.scoreboard();
  const item = lookup(s.question);
  return {
    title: config.title || '现场赛',
    roundLabel: s.round_label,
    teams: config.teams.map((t) => {
      const st = board.find((b) => b.team === t.id);
      return {
        id: t.id,
        name: t.name,
        score: st?.score ?? 0,
        rank: st?.rank ?? 0,
        active: ('team' in s && s.team === t.id) || (s.phase === 'idle' && s.turn === t.id),
        locked: s.locked.includes(t.id),
        out: s.tied.length > 0 && !s.tied.includes(t.id),
      };
    }),
    prompt: prompt(s),
    question: item
      ? {
          number: item.number,
          section: item.section,
          type: item.view.type,
          stem: item.view.stem,
          choices: item.view.choices ?? [],
          right: item.view.right ?? [],
          blanks: item.view.blanks ?? 0,
        }
      : null,
    reveal: ui.reveal && item ? { answer: item.answer, explanation: item.explanation } : null,
    countdown: ui.countdown,
    ranking: ui.ranking,
  };
}

function broadcast(): void {
  channel.postMessage({ type: 'state', state: screenState() } satisfies Message);
}

channel.addEventListener('message', (e: MessageEvent<Message>) => {
  if (e.data?.type === 'hello' && stage) broadcast();
});

function tick(): void {
  const c = ui.countdown;
  parts.countdown.textContent = c ? `计时：${secondsLeft(c, Date.now())} 秒` : '计时：—';
}
setInterval(tick, 250);

// ---- files: export / import the log (the CLI's format), a configuration

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function importLog(file: File): Promise<void> {
  const text = await file.text();
  let recovered;
  let next;
  try {
    recovered = recoverStageLog(text);
    next = Stage.replay(config, recovered.log);
  } catch (e) {
    flash(`日志“${file.name}”无法导入：${message(e)}。当前比赛没有改动。`, 'error');
    return;
  }
  const kept = await backup(new Date());
  stage.free();
  stage = next;
  await persist();
  ui.countdown = null;
  ui.reveal = false;
  const notes = [`已导入日志“${file.name}”：${recovered.events} 个事件`];
  for (const line of recovered.gluedLines) notes.push(`第 ${line} 行有几个事件连在一起，已分成多行`);
  if (recovered.torn) {
    notes.push(`日志最后一行（第 ${recovered.torn.line} 行）不完整，已略去：${recovered.torn.text.slice(0, 80)}`);
  }
  if (kept) notes.push('导入前的比赛已另存为备份');
  render();
  if (recovered.torn || recovered.gluedLines.length) flash(`${notes.join('；')}。`, 'warn');
  else flash(`${notes.join('；')}。`, 'info');
}

async function newContest(): Promise<void> {
  if (stage.events().length > 0 && !window.confirm('开始新比赛？当前比赛另存为备份（不会删除）。')) return;
  await backup(new Date());
  stage.free();
  stage = new Stage(config);
  await persist();
  ui.countdown = null;
  ui.reveal = false;
  ui.ranking = false;
  render();
  flash('新比赛开始，上一场已另存为备份', 'info');
}

/** Another paper from the same blueprint: only before the first event, so every question
 *  the log names stays on the paper the console shows. */
function paperForm(): HTMLElement {
  const input = h('input', { id: 'paper-seed', type: 'number', min: '0', step: '1', value: String(seed), inputmode: 'numeric' }) as HTMLInputElement;
  const form = h(
    'form',
    { class: 'paper', id: 'paper' },
    h('label', { for: 'paper-seed' }, '题目种子'),
    input,
    h('button', { type: 'submit', class: 'act' }, '按此种子组卷'),
    h('p', { class: 'muted' }, '题目按 stage-paper.yaml 从内置题库组卷；同一种子，命令行 kaotang contest paper 组出同样的题。比赛开始后不能换题。'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Number(input.value);
    if (!Number.isSafeInteger(n) || n < 0) {
      flash('种子须为非负整数', 'error');
      return;
    }
    if (stage.events().length > 0) {
      flash('比赛已经开始，不能换题（可先导出日志，再开始新比赛）', 'error');
      input.value = String(seed);
      return;
    }
    seed = n;
    buildPaper();
    void persist().then(render);
    flash(`已按种子 ${seed} 组卷`, 'info');
  });
  return form;
}

async function importConfig(file: File): Promise<void> {
  let next: StageConfigData;
  try {
    next = parseStageConfig(await file.text());
  } catch (e) {
    flash(`配置“${file.name}”无法读取：${message(e)}。当前比赛没有改动。`, 'error');
    return;
  }
  if (stage.events().length > 0 && !window.confirm('换用新配置将开始新比赛，当前比赛另存为备份。继续吗？')) return;
  await backup(new Date());
  config = next;
  stage.free();
  stage = new Stage(config);
  await persist();
  render();
  flash(`已换用配置“${file.name}”，新比赛开始`, 'info');
}

function fileButton(label: string, id: string, accept: string, onFile: (f: File) => Promise<void>): HTMLElement {
  const input = h('input', { type: 'file', id, accept, class: 'visually-hidden' }) as HTMLInputElement;
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) void (queue = queue.then(() => onFile(f)));
  });
  return h('label', { class: 'tool', for: id }, label, input);
}

function toolButton(label: string, id: string, run: () => void): HTMLElement {
  const b = h('button', { type: 'button', class: 'tool', id }, label);
  b.addEventListener('click', run);
  return b;
}

function adjustForm(): HTMLElement {
  const team = h('select', { id: 'adjust-team' }, ...config.teams.map((t) => h('option', { value: t.id }, t.name))) as HTMLSelectElement;
  const points = h('input', { id: 'adjust-points', type: 'number', step: '1', value: '5', inputmode: 'numeric' }) as HTMLInputElement;
  const reason = h('input', { id: 'adjust-reason', type: 'text', value: '', placeholder: '如：复核改判' }) as HTMLInputElement;
  const form = h(
    'form',
    { class: 'adjust', id: 'adjust' },
    h('label', { for: 'adjust-team' }, '队伍'), team,
    h('label', { for: 'adjust-points' }, '分数（可为负）'), points,
    h('label', { for: 'adjust-reason' }, '原因'), reason,
    h('button', { type: 'submit', class: 'act' }, '调整'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Number(points.value);
    if (!Number.isInteger(n) || n === 0) {
      flash('调整的分数须为非零整数', 'error');
      return;
    }
    void act({ event: 'adjust', team: team.value, points: n, reason: reason.value.trim() });
    // Back to the shortcuts: the next key is the host's, not the form's.
    (document.activeElement as HTMLElement | null)?.blur();
  });
  return form;
}

function timerInputs(): HTMLElement {
  const field = (id: string, label: string, key: 'answerSeconds' | 'buzzSeconds') => {
    const input = h('input', { id, type: 'number', min: '0', step: '1', value: String(ui[key]) }) as HTMLInputElement;
    input.addEventListener('change', () => {
      ui[key] = Math.max(0, Math.floor(Number(input.value) || 0));
    });
    return [h('label', { for: id }, label), input];
  };
  return h('div', { class: 'timers' }, ...field('answer-seconds', '作答时间（秒）', 'answerSeconds'), ...field('buzz-seconds', '抢答时间（秒）', 'buzzSeconds'));
}

function layout(): void {
  const tools = h(
    'div',
    { class: 'tools' },
    toolButton('打开大屏', 'open-screen', () => window.open('./screen.html', 'kaotang-screen', 'popup,width=1920,height=1080')),
    toolButton('导出日志', 'export-log', () => download(`${config.title || '现场赛'}.log`, stage.toLog(), 'text/plain;charset=utf-8')),
    fileButton('导入日志', 'import-log', '.log,.txt,.jsonl,text/plain', importLog),
    toolButton('导出配置', 'export-config', () => download(`${config.title || '现场赛'}配置.json`, `${JSON.stringify(config, null, 2)}\n`, 'application/json')),
    fileButton('换用配置', 'import-config', '.yaml,.yml,.json', importConfig),
    toolButton('新比赛', 'new-contest', () => void (queue = queue.then(newContest))),
  );
  app.replaceChildren(
    h('header', { class: 'bar' }, h('div', {}, parts.title, parts.round), tools),
    parts.alert,
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'panel board', 'aria-labelledby': 'board-h' },
        h('h2', { id: 'board-h' }, '比分'),
        h('table', { id: 'board' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '名次'), h('th', { scope: 'col' }, '队伍'), h('th', { scope: 'col' }, '得分'), h('th', { scope: 'col' }, '状态'))), parts.board),
        h('h2', {}, '记录', parts.logCount),
        parts.log,
      ),
      h(
        'div',
        { class: 'stack' },
        h(
          'section',
          { class: 'panel question', 'aria-labelledby': 'question-h' },
          h('h2', { id: 'question-h' }, '当前题目'),
          parts.prompt,
          parts.countdown,
          parts.question,
          h('div', { class: 'picker' }, h('label', { for: 'next-question' }, '下一题（可另选）'), parts.picker),
        ),
        h(
          'section',
          { class: 'panel settings', 'aria-labelledby': 'settings-h' },
          h('h2', { id: 'settings-h' }, '设置'),
          h('h3', {}, '计时'),
          timerInputs(),
          h('h3', {}, '题目'),
          paperForm(),
        ),
      ),
      h(
        'section',
        { class: 'panel controls', 'aria-labelledby': 'controls-h' },
        h('h2', { id: 'controls-h' }, '操作（快捷键见按钮左侧；输入框中按 Esc 返回快捷键）'),
        parts.now,
        h('h3', {}, '轮次'),
        parts.rounds,
        h('h3', {}, '大屏与撤销'),
        parts.always,
        h('h3', {}, '手动调整分数'),
        adjustForm(),
      ),
    ),
    h('footer', {}, parts.message),
  );
}

// ---- start: the saved contest replayed, or a new one from the shipped stage.yaml

/** Reads a stored record back; a reason in Chinese when it cannot be replayed. */
function restore(raw: unknown): { config: StageConfigData; stage: Stage; seed: number; torn: string | null } | string {
  const r = raw as Partial<SavedContest> | null;
  if (!r || typeof r !== 'object' || typeof r.log !== 'string' || typeof r.config !== 'object' || r.config === null) {
    return '记录的结构不对（缺少配置或日志）';
  }
  try {
    const recovered = recoverStageLog(r.log);
    const replayed = Stage.replay(r.config, recovered.log);
    const torn = recovered.torn ? `日志最后一行（第 ${recovered.torn.line} 行）不完整，已略去` : null;
    return { config: replayed.config(), stage: replayed, seed: typeof r.seed === 'number' ? r.seed : DEFAULT_SEED, torn };
  } catch (e) {
    return message(e);
  }
}

function blocked(reason: string, raw: unknown): void {
  const exportRaw = toolButton('导出原始记录', 'export-raw', () => download('现场赛原始记录.json', JSON.stringify(raw, null, 2), 'application/json'));
  const fresh = toolButton('开始新比赛（原记录另存为备份）', 'start-fresh', () => {
    void (async () => {
      await backup(new Date());
      await start(null);
    })();
  });
  app.replaceChildren(
    h(
      'div',
      { class: 'alert blocked', role: 'alert', id: 'alert' },
      h('h1', {}, '浏览器中保存的比赛无法恢复'),
      h('p', {}, `原因：${reason}。`),
      h('p', {}, '记录原样保留在浏览器中，没有任何改动。可以先导出原始记录，再开始新比赛（原记录另存为备份，不会删除）。'),
      h('div', { class: 'tools' }, exportRaw, fresh),
    ),
  );
  document.body.dataset.ready = 'yes';
}

async function start(raw: unknown): Promise<void> {
  banks ??= Banks.load(shippedBanks);
  let note: string | null = null;
  if (raw === undefined || raw === null) {
    config = parseStageConfig(stageYaml);
    stage = new Stage(config);
    seed = DEFAULT_SEED;
    await persist();
  } else {
    const r = restore(raw);
    if (typeof r === 'string') {
      blocked(r, raw);
      return;
    }
    ({ config, stage, seed } = r);
    note = r.torn;
  }
  buildPaper();
  layout();
  render();
  if (note) flash(`${note}，其余事件已恢复。`, 'warn');
  else if (stage.events().length > 0) flash(`已从浏览器存储恢复 ${stage.events().length} 个事件`, 'info');
  document.body.dataset.ready = 'yes';
}

/** One console per browser profile: two would each append to the same saved log. */
function secondConsole(): void {
  app.replaceChildren(
    h(
      'div',
      { class: 'alert blocked', role: 'alert', id: 'alert' },
      h('h1', {}, '主持台已在另一个窗口或标签页中打开'),
      h('p', {}, '同一浏览器中只能有一个主持台，否则两边的操作会写进同一份日志。请使用已打开的主持台；关闭它之后刷新本页即可。'),
    ),
  );
  document.body.dataset.ready = 'yes';
}

try {
  // Held for the page's lifetime; released by the browser when the page closes.
  const held = await new Promise<boolean>((resolve) => {
    void navigator.locks.request('kaotang-stage-host', { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? new Promise<void>(() => {}) : undefined;
    });
  });
  if (held) await start(await loadRaw());
  else secondConsole();
} catch (e) {
  app.replaceChildren(h('div', { class: 'alert blocked', role: 'alert' }, h('h1', {}, '主持台无法启动'), h('p', {}, message(e))));
  document.body.dataset.ready = 'yes';
}
