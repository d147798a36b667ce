// 进度: accuracy and predicted retention by period, the 14-day review forecast, a streak
// calendar, and a study plan to a deadline. Figures are the package's; the page draws them
// as small inline SVG charts.
import type { DeadlineSettings, GroupStats } from 'kaotang';
import { banks, deadlinePlan, describe, state, study } from '../app';
import { addDays, nowSecs, today } from '../clock';
import { h, notice, percent, s, show } from '../ui';
import { PERIODS } from './study';

/** Horizontal bars (HTML, so they follow 大字模式): one row per label, values in [0, 1]. */
function bars(title: string, rows: { label: string; value: number; text: string }[]): HTMLElement {
  return h('ul', { class: 'caps bars', 'aria-label': title }, ...rows.map((r) =>
    h('li', {},
      h('span', { class: 'cap-name' }, r.label),
      h('span', { class: 'cap-bar', role: 'img', 'aria-label': `${r.label} ${r.text}` },
        h('span', { class: 'cap-fill', style: `width:${Math.max(0, Math.min(1, r.value)) * 100}%` })),
      h('span', { class: 'cap-value' }, r.text))));
}

function forecastChart(forecast: [string, number][]): SVGElement {
  const width = 320;
  const height = 140;
  const max = Math.max(1, ...forecast.map(([, n]) => n));
  const colW = width / forecast.length;
  const title = `未来 14 天的复习量：${forecast.map(([d, n]) => `${d.slice(5)} ${n} 题`).join('，')}`;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title });
  svg.append(s('title', {}, title));
  forecast.forEach(([d, n], i) => {
    const h = (n / max) * (height - 40);
    const x = i * colW;
    svg.append(
      s('rect', { x: x + 3, y: height - 20 - h, width: colW - 6, height: h, class: 'bar' }),
      s('text', { x: x + colW / 2, y: height - 24 - h, class: 'value small', 'text-anchor': 'middle' }, n ? String(n) : ''),
      s('text', { x: x + colW / 2, y: height - 4, class: 'label small', 'text-anchor': 'middle' }, i === 0 ? '今' : d.slice(8)),
    );
  });
  return svg;
}

/** The last five weeks, Monday first; a study day is filled. */
function calendar(): SVGElement {
  const end = today();
  const weekday = (new Date(`${end}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const start = addDays(end, -(4 * 7 + weekday));
  const studied = new Map(state.learner.days(start, end).map((d) => [d.date, d]));
  const cell = 34;
  const svg = s('svg', { viewBox: `0 0 ${7 * cell} ${5 * cell + 24}`, class: 'chart calendar', role: 'img',
    'aria-label': `最近五周学习了 ${studied.size} 天` });
  svg.append(s('title', {}, `最近五周学习了 ${studied.size} 天`));
  '一二三四五六日'.split('').forEach((d, i) => svg.append(s('text', { x: i * cell + cell / 2, y: 16, 'text-anchor': 'middle', class: 'label small' }, d)));
  for (let i = 0; i <= 4 * 7 + weekday; i++) {
    const date = addDays(start, i);
    const day = studied.get(date);
    const x = (i % 7) * cell;
    const y = Math.floor(i / 7) * cell + 24;
    const r = s('rect', { x: x + 2, y: y + 2, width: cell - 4, height: cell - 4, rx: 5, class: day ? 'studied' : 'idle' });
    r.append(s('title', {}, day ? `${date}：答题 ${day.answers}，读 ${day.reads}，积分 ${day.points}` : `${date}：未学习`));
    svg.append(r, s('text', { x: x + cell / 2, y: y + cell / 2 + 5, 'text-anchor': 'middle', class: `small ${day ? 'on' : 'label'}` }, String(Number(date.slice(8)))));
  }
  return svg;
}

function planCard(): HTMLElement {
  const deadline = h('input', { type: 'date', id: 'deadline', value: '2027-06-30' });
  const minutes = h('input', { type: 'number', id: 'minutes', min: 1, max: 240, value: 20, inputmode: 'numeric' });
  const out = h('div', { id: 'plan-result', 'aria-live': 'polite' });
  const run = async () => {
    const settings: DeadlineSettings = { deadline: deadline.value, dailyMinutes: Number(minutes.value) };
    try {
      const p = await deadlinePlan(nowSecs(), settings);
      out.replaceChildren(
        h('p', {}, `距离 ${deadline.value} 还有 ${p.days_left} 天；范围内 ${p.in_scope} 题，未学 ${p.unseen} 题。`),
        h('p', {}, `今天：新题 ${p.new_today} 道，到期复习 ${p.due_reviews} 道${p.over_budget_minutes ? `（超出每日时间 ${p.over_budget_minutes} 分钟，今天不学新题）` : ''}。`),
        h('p', {}, `按计划学习，到期时预计记住 ${percent(p.predicted_recall)}；从今天起不再学习则为 ${percent(p.recall_if_stopped)}。`),
        h('p', { class: p.on_track ? 'right' : 'wrong' }, p.on_track ? '✓ 按每天的时间能在截止前学完' : '✗ 每天的时间不够在截止前学完全部题目，请增加学习时间'));
    } catch (e) {
      out.replaceChildren(notice(describe(e), 'error'));
    }
  };
  deadline.addEventListener('change', () => void run());
  minutes.addEventListener('change', () => void run());
  out.append(h('p', { class: 'muted' }, '正在计算…'));
  void run();
  return h('section', { class: 'card', 'aria-labelledby': 'plan-title' },
    h('h2', { id: 'plan-title' }, '学习计划'),
    h('div', { class: 'form-row' }, h('label', { for: 'deadline' }, '截止日期'), deadline),
    h('div', { class: 'form-row' }, h('label', { for: 'minutes' }, '每天学习（分钟）'), minutes),
    out);
}

export function progressScreen(): void {
  const report = state.learner.progress(study, banks, nowSecs());
  const byPeriod = PERIODS.map((p) => ({ p, g: report.by_period[p.period] as GroupStats | undefined }));
  show('进度',
    h('p', { class: 'summary-line', id: 'answers-total' },
      `共作答 ${report.overall.answers} 次，答对 ${report.overall.correct} 次（${percent(report.overall.accuracy)}）· 已学 ${report.overall.seen} / ${report.overall.questions} 题 · 错题本 ${report.wrong_book} 题`),
    h('section', { class: 'card' }, h('h2', {}, '各时期正确率'),
      bars('各时期正确率', byPeriod.map(({ p, g }) => ({ label: p.short, value: g?.accuracy ?? 0, text: g && g.answers ? percent(g.accuracy) : '—' })))),
    h('section', { class: 'card' }, h('h2', {}, '各时期预计记忆保持率'),
      bars('各时期预计记忆保持率', byPeriod.map(({ p, g }) => ({ label: p.short, value: g?.retention ?? 0, text: g && g.seen ? percent(g.retention) : '—' })))),
    h('section', { class: 'card' }, h('h2', {}, '未来 14 天复习量'), forecastChart(report.forecast)),
    h('section', { class: 'card' }, h('h2', {}, `学习日历 · 连续 ${report.streak} 天`), calendar()),
    planCard());
}
