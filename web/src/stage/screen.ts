// The 现场赛 projector view (1920×1080): shows what the host console sends over the
// BroadcastChannel. It loads no engine and decides nothing; only the countdown's seconds are
// counted here, from the end time the host sent.
import { CHANNEL, LETTERS, TYPE_LABELS, h, secondsLeft, type Message, type ScreenState } from './shared';
import './stage.css';

document.body.classList.add('screen');
const app = document.getElementById('app') as HTMLElement;
const channel = new BroadcastChannel(CHANNEL);
let state: ScreenState | null = null;
const clock = h('div', { class: 'clock', id: 'countdown', role: 'timer', 'aria-label': '倒计时' });

function waiting(): void {
  app.replaceChildren(
    h('div', { class: 'waiting' }, h('h1', {}, '考堂 · 现场赛'), h('p', {}, '等待主持台……请在主持台点“打开大屏”，或在同一浏览器中打开主持台。'), h('p', {}, '双击画面进入或退出全屏。')),
  );
}

function teamCards(s: ScreenState): HTMLElement {
  return h(
    'ol',
    { class: 'teams', id: 'teams', 'aria-label': '各队得分' },
    ...s.teams.map((t) =>
      h(
        'li',
        {
          class: ['team', t.active ? 'active' : '', t.locked ? 'locked' : '', t.out ? 'out' : ''].join(' ').trim(),
          'data-team': t.id,
          'data-score': String(t.score),
        },
        h('span', { class: 'name' }, t.name),
        h('span', { class: 'score' }, String(t.score)),
        h('span', { class: 'note' }, t.active ? '▶ 作答' : t.locked ? '本题不能再抢答' : t.out ? '未参加加赛' : `第 ${t.rank} 名`),
      ),
    ),
  );
}

function question(s: ScreenState): HTMLElement {
  const q = s.question;
  if (!q) {
    return h('div', { class: 'q-empty' }, h('p', { class: 'big-round' }, s.roundLabel === '未开始' ? s.title : s.roundLabel));
  }
  const long = q.choices.some((c) => c.length > 12);
  const parts: HTMLElement[] = [
    h('p', { class: 'q-meta' }, q.number ? `${q.section} · 第 ${q.number} 题 · ${TYPE_LABELS[q.type]}` : TYPE_LABELS[q.type]),
    h('p', { class: 'q-stem', id: 'screen-stem' }, q.stem),
  ];
  if (q.choices.length) {
    parts.push(h('ol', { class: `q-choices ${long ? 'one-column' : ''}` }, ...q.choices.map((c, i) => h('li', {}, h('b', {}, `${LETTERS[i]}　`), c))));
  }
  if (q.right.length) {
    parts.push(h('ol', { class: 'q-choices one-column' }, ...q.right.map((c, i) => h('li', {}, h('b', {}, `${LETTERS[i]}　`), c))));
  }
  if (q.type === 'judge') parts.push(h('p', { class: 'q-hint' }, '请判断：对 还是 错'));
  if (q.type === 'fill') parts.push(h('p', { class: 'q-hint' }, `填空题，共 ${q.blanks} 空`));
  if (s.reveal) {
    parts.push(
      h('div', { class: 'reveal', id: 'screen-reveal' }, h('p', { class: 'answer' }, `答案：${s.reveal.answer}`), h('p', { class: 'expl' }, s.reveal.explanation)),
    );
  }
  return h('div', { class: s.reveal ? 'q revealed' : 'q' }, ...parts);
}

function ranking(s: ScreenState): HTMLElement {
  const sorted = [...s.teams].sort((a, b) => a.rank - b.rank || s.teams.indexOf(a) - s.teams.indexOf(b));
  return h(
    'div',
    { class: 'ranking', id: 'ranking' },
    h('h2', {}, '比赛排名'),
    h(
      'ol',
      {},
      ...sorted.map((t) =>
        h('li', { class: `rank-${t.rank}`, 'data-team': t.id }, h('span', { class: 'place' }, `第 ${t.rank} 名`), h('span', { class: 'name' }, t.name), h('span', { class: 'score' }, `${t.score} 分`)),
      ),
    ),
  );
}

function render(): void {
  const s = state;
  if (!s) return waiting();
  document.title = `${s.title} · 大屏`;
  app.replaceChildren(
    h('header', { class: 'screen-bar' }, h('h1', {}, s.title), h('p', { class: 'round', id: 'screen-round' }, s.roundLabel)),
    s.ranking
      ? ranking(s)
      : h('div', { class: 'stage-main' }, h('div', { class: 'left' }, h('p', { class: 'prompt', id: 'screen-prompt' }, s.prompt), question(s)), clock),
    s.ranking ? '' : teamCards(s),
  );
  tick();
}

function tick(): void {
  const c = state?.countdown;
  if (!c) {
    clock.replaceChildren();
    clock.hidden = true;
    return;
  }
  const left = secondsLeft(c, Date.now());
  clock.hidden = false;
  clock.classList.toggle('urgent', left <= 5);
  clock.replaceChildren(
    ...(left > 0 ? [h('span', { class: 'num' }, String(left)), h('span', { class: 'unit' }, '秒')] : [h('span', { class: 'up' }, '时间到')]),
  );
}

channel.addEventListener('message', (e: MessageEvent<Message>) => {
  if (e.data?.type !== 'state') return;
  state = e.data.state;
  render();
  document.body.dataset.synced = 'yes';
});
setInterval(tick, 250);
// A projector shows the page full screen; the browser allows it only from a gesture.
document.addEventListener('dblclick', () => {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => {});
});
waiting();
channel.postMessage({ type: 'hello' } satisfies Message);
document.body.dataset.ready = 'yes';
