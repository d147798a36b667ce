// Runs a study session of any mode: asks the package for the next question, hands it the
// answer, stores the returned log entry, and only then shows the feedback. A 微考堂 shows a
// countdown and is submitted when the clock passes its deadline.
import type { ExamReport, Feedback, Session, Summary } from 'kaotang';
import { banks, describe, persist, state, study } from './app';
import { nowMs, nowSecs } from './clock';
import { ask, type Asked } from './question';
import { h, notice, show } from './ui';

export interface RunOptions {
  /** Where “返回” leads. */
  back: string;
  /** Called when the session is over (e.g. to refresh a screen). */
  onDone?: () => void;
}

const TICK_MS = 250;

/** The running session; leaving the screen (another tab) ends it without a result screen. */
let current = 0;

/** Called when the learner goes to another screen: answers given so far are already stored. */
export function leaveSession(): void {
  current += 1;
}

function clockText(secs: number): string {
  const s = Math.max(0, secs);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export async function runSession(title: string, session: Session, options: RunOptions): Promise<void> {
  const run = ++current;
  const deadline = session.deadline;
  let number = 0;
  for (;;) {
    const view = session.next(banks, nowSecs());
    if (!view) break;
    number += 1;
    const total = session.summary().total;
    const area = h('section', { class: 'card question', 'aria-label': '题目' });
    const head = h('p', { class: 'progress-line' }, total ? `第 ${number} / ${total} 题` : `第 ${number} 题`);
    const timer = deadline === undefined ? null : h('p', { class: 'timer', id: 'timer', role: 'timer', 'aria-label': '剩余时间' });
    show(title, h('div', { class: 'session-head' }, head, timer), area);
    const hint = session.hintsAllowed && view.has_hint ? () => session.hint(banks) : undefined;
    const shownAt = nowMs();

    let asked: Asked | 'timeout';
    if (deadline === undefined || !timer) {
      asked = await ask(area, view, hint);
    } else {
      let interval = 0;
      const timeout = new Promise<'timeout'>((resolve) => {
        const tick = () => {
          const left = deadline - nowSecs();
          timer.textContent = `剩余 ${clockText(left)}`;
          timer.classList.toggle('urgent', left <= 30);
          if (left <= 0) resolve('timeout');
        };
        tick();
        interval = window.setInterval(tick, TICK_MS);
      });
      let check = 0;
      const left = new Promise<'left'>((resolve) => {
        check = window.setInterval(() => {
          if (run !== current) {
            window.clearInterval(check);
            resolve('left');
          }
        }, TICK_MS);
      });
      const outcome = await Promise.race([ask(area, view, hint), timeout, left]);
      window.clearInterval(interval);
      window.clearInterval(check);
      if (outcome === 'left') return;
      asked = outcome;
    }
    if (run !== current) return;
    if (asked === 'timeout') break;

    let step;
    try {
      step = session.answer(study, banks, state.learner, {
        response: asked.response,
        answerMs: Math.min(Math.max(0, Math.round(nowMs() - shownAt)), 3_600_000),
        hintUsed: asked.hintUsed,
        at: nowSecs(),
      });
      if (step.entry) await persist(step.entry);
    } catch (e) {
      show(title, notice(`这次作答没有保存：${describe(e)}。已保存的记录不受影响，请刷新页面后继续。`, 'error'),
        h('a', { class: 'button', href: options.back }, '返回'));
      return;
    }
    if (step.report) return finished(title, session, options, step.report);
    if (step.feedback && deadline === undefined) {
      const last = step.finished;
      await showFeedback(area, step.feedback, last);
      if (run !== current) return;
    }
    if (step.finished) break;
  }
  const summary = session.finish(banks, nowSecs());
  finished(title, session, options, summary.exam, summary);
}

function feedbackLines(f: Feedback): HTMLElement[] {
  const lines: HTMLElement[] = [
    h('p', { class: `verdict ${f.correct ? 'right' : 'wrong'}`, id: 'verdict' }, f.correct ? '✓ 回答正确' : '✗ 回答错误'),
  ];
  if (!f.correct) lines.push(h('p', {}, h('strong', {}, '正确答案：'), f.answer_text));
  if (f.explanation) lines.push(h('p', { class: 'explanation' }, h('strong', {}, '解析：'), f.explanation));
  const extra: string[] = [];
  if (f.points > 0) extra.push(`+${f.points} 积分`);
  if (f.next_review) extra.push(f.next_review.days <= 0 ? '今天还会再复习' : `下次复习：${f.next_review.days} 天后`);
  switch (f.wrong_book.mark) {
    case 'added': extra.push('已加入错题本'); break;
    case 'again': extra.push('仍在错题本中'); break;
    case 'progress': extra.push(`错题本：已连对 ${f.wrong_book.done}/${f.wrong_book.needed} 天`); break;
    case 'removed': extra.push('已移出错题本'); break;
    case 'not_in': break;
  }
  if (f.revive_used) extra.push('用掉一次复活机会，挑战继续');
  if (extra.length) lines.push(h('p', { class: 'meta' }, extra.join(' · ')));
  return lines;
}

function showFeedback(area: HTMLElement, f: Feedback, last: boolean): Promise<void> {
  return new Promise((resolve) => {
    const next = h('button', { class: 'primary', id: 'next', type: 'button', onclick: () => resolve() }, last ? '查看结果' : '下一题');
    area.append(h('div', { class: 'feedback', role: 'status' }, ...feedbackLines(f), next));
    next.focus();
  });
}

function finished(title: string, session: Session, options: RunOptions, exam: ExamReport | null, summary: Summary = session.summary()): void {
  const parts: (HTMLElement | null)[] = [];
  if (exam) {
    parts.push(
      h('p', { class: 'score', id: 'result' }, `得分 ${exam.score}`),
      h('p', {}, `答对 ${exam.correct} / ${exam.total} 题，作答 ${exam.answered} 题，用时 ${Math.floor(exam.elapsed_secs / 60)} 分 ${exam.elapsed_secs % 60} 秒`),
      exam.timed_out ? h('p', { class: 'notice info', id: 'timed-out' }, '时间到，已自动交卷') : null,
    );
    if (exam.wrong.length) {
      parts.push(h('h2', {}, '错题回顾'));
      for (const w of exam.wrong) {
        parts.push(h('article', { class: 'card review wrong-item' },
          h('p', { class: 'stem' }, w.stem),
          h('p', {}, h('strong', {}, '你的答案：'), w.answered ? w.response_text || '（空）' : '未作答'),
          h('p', {}, h('strong', {}, '正确答案：'), w.answer_text),
          w.explanation ? h('p', { class: 'explanation' }, h('strong', {}, '解析：'), w.explanation) : null));
      }
    }
  } else {
    parts.push(
      h('p', { class: 'score', id: 'result' }, `作答 ${summary.answered} 题，答对 ${summary.correct} 题`),
      h('p', {}, `本次获得 ${summary.points} 积分`),
    );
    if (summary.mode === 'challenge') parts.push(h('p', {}, `最佳挑战纪录：连续答对 ${state.learner.progress(study, banks, nowSecs()).best_challenge} 题`));
  }
  show(`${title} · 结果`, h('section', { class: 'card', id: 'finished' }, ...parts),
    h('a', { class: 'button primary', id: 'back', href: options.back }, '返回'));
  options.onDone?.();
}
