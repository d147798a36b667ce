// What the host console sends the projector window. The host is the only writer: it folds
// the log with the package and sends the screen a finished picture; the screen computes
// nothing but the seconds left on the countdown.
import type { QuestionType } from 'kaotang/contest';

/** The BroadcastChannel both windows of one browser profile share. */
export const CHANNEL = 'kaotang-stage';

export interface ScreenTeam {
  id: string;
  name: string;
  score: number;
  rank: number;
  /** Answering, in turn, or picking a tier now. */
  active: boolean;
  /** May not buzz on this question any more. */
  locked: boolean;
  /** Not in the running 加赛. */
  out: boolean;
}

export interface ScreenQuestion {
  /** Position in its section, from 1. */
  number: number;
  section: string;
  type: QuestionType;
  stem: string;
  choices: string[];
  right: string[];
  blanks: number;
}

export interface ScreenState {
  title: string;
  roundLabel: string;
  /** Teams in the configuration's order, so their places on the screen never move. */
  teams: ScreenTeam[];
  /** One line on what happens now (请 某队 作答, 抢答开始…). */
  prompt: string;
  question: ScreenQuestion | null;
  reveal: { answer: string; explanation: string } | null;
  /** Epoch milliseconds when time is up, and the seconds it started with. */
  countdown: { endsAt: number; seconds: number } | null;
  ranking: boolean;
}

export type Message = { type: 'hello' } | { type: 'state'; state: ScreenState };

export const TYPE_LABELS: Record<QuestionType, string> = {
  single: '单选题',
  multiple: '多选题',
  judge: '判断题',
  fill: '填空题',
  order: '排序题',
  match: '配对题',
};

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Whole seconds left, never below zero. */
export function secondsLeft(countdown: { endsAt: number }, now: number): number {
  return Math.max(0, Math.ceil((countdown.endsAt - now) / 1000));
}

/** A small element helper: tag, attributes, children (strings become text). */
export function h(
  tag: string,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}
