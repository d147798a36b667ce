// 积分 (like 学习强国's 我的积分): today per mode against the daily caps, week, total, and the
// study-day streak — all from the package's progress report.
import { banks, state, study } from '../app';
import { nowSecs } from '../clock';
import { h, MODE_NAMES, show } from '../ui';

export function pointsScreen(): void {
  const report = state.learner.progress(study, banks, nowSecs());
  const perMode = report.points_today;
  show('积分',
    h('div', { class: 'stats' },
      h('div', { class: 'stat' }, h('span', { class: 'big-number', id: 'points-today' }, String(report.points.today)), h('span', {}, '今日积分')),
      h('div', { class: 'stat' }, h('span', { class: 'big-number' }, String(report.points.week)), h('span', {}, '本周')),
      h('div', { class: 'stat' }, h('span', { class: 'big-number' }, String(report.points.total)), h('span', {}, '总积分')),
      h('div', { class: 'stat' }, h('span', { class: 'big-number', id: 'streak' }, String(report.streak)), h('span', {}, '连续学习天数'))),
    h('h2', {}, '今日积分明细'),
    h('ul', { class: 'caps' }, ...perMode.map((m) => {
      const name = m.mode ? MODE_NAMES[m.mode] : '学习打卡与连续学习奖励';
      const full = m.cap > 0 && m.points >= m.cap;
      return h('li', { class: full ? 'full' : '' },
        h('span', { class: 'cap-name' }, name),
        h('span', { class: 'cap-bar', role: 'img', 'aria-label': `${name} ${m.points} / ${m.cap} 分` },
          h('span', { class: 'cap-fill', style: `width:${m.cap ? Math.min(100, (m.points / m.cap) * 100) : 0}%` })),
        h('span', { class: 'cap-value' }, `${m.points} / ${m.cap}${full ? ' 已满' : ''}`));
    })),
    h('p', { class: 'muted' }, `最长连续学习 ${report.best_streak} 天 · 挑战答题最佳纪录 ${report.best_challenge} 题`));
}
