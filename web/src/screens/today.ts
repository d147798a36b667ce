// 今日: 党史上的今天, 每日一题 and 天天读 (with 朗读 through the browser's speech synthesis).
import { Session } from 'kaotang';
import { banks, describe, persist, state, study } from '../app';
import { nowSecs, today } from '../clock';
import { runSession } from '../session';
import { h, notice, s, show } from '../ui';

function speakButton(text: string): HTMLElement | null {
  if (!('speechSynthesis' in window)) return null;
  const icon = s('svg', { viewBox: '0 0 24 24', width: 22, height: 22, 'aria-hidden': 'true', class: 'icon' },
    s('path', { d: 'M3 9v6h4l5 4V5L7 9H3z', fill: 'currentColor' }),
    s('path', { d: 'M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round' }));
  const b = h('button', { type: 'button', class: 'secondary', id: 'speak', 'aria-pressed': 'false' }, icon, '朗读');
  b.addEventListener('click', () => {
    if (speechSynthesis.speaking) {
      speechSynthesis.cancel();
      b.setAttribute('aria-pressed', 'false');
      return;
    }
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'zh-CN';
    const voice = speechSynthesis.getVoices().find((v) => v.lang.replace('_', '-').startsWith('zh-CN'));
    if (voice) u.voice = voice;
    u.rate = 0.9;
    u.onend = () => b.setAttribute('aria-pressed', 'false');
    speechSynthesis.speak(u);
    b.setAttribute('aria-pressed', 'true');
  });
  return b;
}

/** The title of a source id (《中国共产党简史》), as the banks declare it. */
function sourceTitle(ref: string): string {
  for (const bank of banks.banks()) {
    const found = bank.sources.find((x) => x.id === ref);
    if (found) return `《${found.title}》`;
  }
  return ref;
}

export function todayScreen(): void {
  const date = today();
  const [, month, day] = date.split('-').map(Number);
  const events = banks.eventsOn(month ?? 1, day ?? 1);
  const points = state.learner.points(date);

  const eventsCard = h('section', { class: 'card', 'aria-labelledby': 'events-title' },
    h('h2', { id: 'events-title' }, `党史上的今天 · ${month}月${day}日`),
    events.length
      ? h('ul', { class: 'events' }, ...events.map((e) => h('li', {},
          h('span', { class: 'year' }, `${e.date.slice(0, 4)}年`), h('strong', {}, e.title), h('p', {}, e.summary))))
      : h('p', { class: 'muted' }, '今天没有收录的事件。'));

  // 每日一题: asked once a day; afterwards the day's result is shown.
  const qotd = Session.questionOfTheDay(banks, date);
  const view = qotd.next(banks, nowSecs());
  const answered = view !== undefined && state.learner.answeredQuestionOfTheDay(banks, date);
  // For the message only: how today's answer went.
  const midnight = nowSecs() - (nowSecs() % 86400);
  const last = view && [...state.entries].reverse().find((e) => e.entry === 'review' && e.question === view.id && e.at >= midnight);
  const qotdCard = h('section', { class: 'card', 'aria-labelledby': 'qotd-title' },
    h('h2', { id: 'qotd-title' }, '每日一题'),
    !view
      ? h('p', { class: 'muted' }, '今天没有每日一题。')
      : answered
        ? h('div', {}, h('p', { class: 'stem' }, view.stem), h('p', { id: 'qotd-done' },
            last?.entry === 'review' && !last.correct ? '✗ 今日已作答：答错了，已加入错题本' : '✓ 今日已作答'))
        : h('div', {}, h('p', { class: 'stem' }, view.stem),
            h('button', { type: 'button', class: 'primary', id: 'qotd-start',
              onclick: () => void runSession('每日一题', Session.questionOfTheDay(banks, date), { back: '#today' }) }, '作答')));

  // 天天读
  const reading = state.learner.readingDay(banks, date);
  const r = reading.reading;
  const readCard = h('section', { class: 'card', 'aria-labelledby': 'read-title' },
    h('h2', { id: 'read-title' }, `天天读${r ? `（第 ${reading.number} / ${reading.total} 篇）` : ''}`));
  if (!r) {
    readCard.append(h('p', {}, `全部 ${reading.total} 篇已读完。`));
  } else {
    const alreadyRead = reading.read >= reading.number;
    readCard.append(h('h3', {}, r.title), ...r.text.split(/\n+/).map((p) => h('p', { class: 'reading' }, p)),
      h('p', { class: 'source muted' }, `出处：${sourceTitle(r.source.ref)}${r.source.chapter ? ` ${r.source.chapter}` : ''}`));
    const actions = h('div', { class: 'actions' });
    const speak = speakButton(`${r.title}。${r.text}`);
    if (speak) actions.append(speak);
    if (!alreadyRead) {
      actions.append(h('button', { type: 'button', class: 'primary', id: 'mark-read', onclick: async () => {
        try {
          const entry = state.learner.markRead(study, banks, r.id, nowSecs());
          await persist(entry);
          todayScreen();
        } catch (e) {
          readCard.append(notice(`没有记入：${describe(e)}`, 'error'));
        }
      } }, '已读'));
    } else {
      actions.append(h('span', { class: 'done' }, '✓ 今日已读'));
    }
    if (reading.questions.length) {
      actions.append(h('button', { type: 'button', class: 'secondary', id: 'read-quiz',
        onclick: () => void runSession('天天读 · 读后答题', Session.reading(banks, state.learner, date), { back: '#today' }) }, `读后答题（${reading.questions.length} 题）`));
    }
    readCard.append(actions);
  }

  show('今日',
    h('p', { class: 'summary-line' }, `${date} · 今日积分 ${points.today} · 本周 ${points.week} · 总积分 ${points.total}`),
    qotdCard, eventsCard, readCard);
}
