// 答题: the study modes — 每日答题, 挑战答题, 微考堂, 专项 by period and tag, 错题本.
import { Session, type Period } from 'kaotang';
import { banks, state, study } from '../app';
import { nowSecs } from '../clock';
import { runSession } from '../session';
import { h, show } from '../ui';

export const PERIODS: { period: Period; short: string }[] = [
  { period: '新民主主义革命时期', short: '新民主主义革命' },
  { period: '社会主义革命和建设时期', short: '社会主义革命和建设' },
  { period: '改革开放和社会主义现代化建设新时期', short: '改革开放新时期' },
  { period: '中国特色社会主义新时代', short: '新时代' },
];

/** A 64-bit seed for the draw of a 挑战答题 or 微考堂. */
function seed(): bigint {
  const [a = 0, b = 0] = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(a) << 32n) | BigInt(b);
}

function modeButton(id: string, title: string, detail: string, start: () => void): HTMLElement {
  return h('button', { type: 'button', class: 'mode', id, onclick: start },
    h('span', { class: 'mode-title' }, title), h('span', { class: 'mode-detail' }, detail));
}

export function studyScreen(): void {
  const plan = state.learner.dailyPlan(study, banks, nowSecs());
  const wrong = state.learner.wrongBook(banks).entries.length;
  show('答题',
    h('div', { class: 'modes' },
      modeButton('start-daily', '每日答题', plan.items.length ? `今日 ${plan.items.length} 题：到期复习 ${plan.due}，新题 ${plan.items.filter((i) => i.kind === 'new').length}` : '今日的题已做完',
        () => void runSession('每日答题', Session.daily(study, banks, state.learner, nowSecs()), { back: '#study' })),
      modeButton('start-challenge', '挑战答题', '答错即结束（有一次复活机会），连对越多积分越多',
        () => void runSession('挑战答题', Session.challenge(banks, state.learner, seed()), { back: '#study' })),
      modeButton('start-exam', '微考堂', '10 题限时 5 分钟，时间到自动交卷，满分 100',
        () => void runSession('微考堂', Session.exam(banks, seed(), nowSecs(), { count: 10, timeLimitSecs: 300 }), { back: '#study' })),
      modeButton('start-wrongbook', '错题本', wrong ? `${wrong} 道错题；在 3 个不同的日子答对后移出` : '错题本是空的',
        () => { location.hash = '#wrongbook'; }),
    ),
    h('h2', {}, '专项答题'),
    h('div', { class: 'modes periods' }, ...PERIODS.map((p, i) =>
      modeButton(`practice-${i}`, p.short, `${banks.questionIds({ periods: [p.period] }).length} 题`,
        () => void runSession(`专项 · ${p.short}`, Session.practice(banks, state.learner, { filter: { periods: [p.period] }, count: 10, order: { order: 'weak_first' } }), { back: '#study' })))),
    tagPicker(),
  );
}

function tagPicker(): HTMLElement {
  const report = state.learner.progress(study, banks, nowSecs());
  const tags = Object.entries(report.by_tag).filter(([, g]) => g.questions >= 5).sort((a, b) => b[1].questions - a[1].questions);
  const select = h('select', { id: 'tag' }, ...tags.map(([t, g]) => h('option', { value: t }, `${t}（${g.questions} 题）`)));
  return h('div', { class: 'tag-picker' },
    h('label', { for: 'tag' }, '按主题'), select,
    h('button', { type: 'button', class: 'primary', id: 'start-tag', onclick: () => {
      const tag = select.value;
      void runSession(`专项 · ${tag}`, Session.practice(banks, state.learner, { filter: { tags: [tag] }, count: 10, order: { order: 'weak_first' } }), { back: '#study' });
    } }, '开始'));
}

export function wrongBookScreen(): void {
  const book = state.learner.wrongBook(banks);
  show('错题本',
    book.entries.length
      ? h('button', { type: 'button', class: 'primary', id: 'start-wrong', onclick: () => void runSession('错题本', Session.wrongBook(banks, state.learner), { back: '#wrongbook' }) }, `练习全部 ${book.entries.length} 道错题`)
      : h('p', { class: 'muted' }, '错题本是空的。答错的题会自动加入，在 3 个不同的日子答对后移出。'),
    ...book.entries.map((e) => h('article', { class: 'card wrong-item' },
      h('p', { class: 'stem' }, e.stem),
      h('p', {}, h('strong', {}, '正确答案：'), e.answer_text),
      e.explanation ? h('p', { class: 'explanation' }, h('strong', {}, '解析：'), e.explanation) : null,
      h('p', { class: 'meta' }, `答错 ${e.wrong} 次 · 已在 ${e.days_right} 天答对`))));
}
