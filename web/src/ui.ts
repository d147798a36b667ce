// Small DOM helpers: the app builds its screens from plain elements (no UI library).
import type { Mode } from 'kaotang';

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** An element with attributes (`on…` keys are listeners, `class`, `data-…`, aria) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes and children. */
export function s(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** The main area: replaces the current screen. */
export function show(title: string, ...children: Child[]): void {
  const main = document.getElementById('app');
  if (!main) return;
  const kids = children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false);
  main.replaceChildren(h('h1', { id: 'title', tabindex: -1 }, title), ...kids);
  document.title = `${title} · 考堂`;
}

/** A notice at the top of the screen. */
export function notice(text: string, kind: 'error' | 'info' = 'info'): HTMLElement {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const MODE_NAMES: Record<Mode, string> = {
  daily: '每日答题',
  learn_ahead: '提前学习',
  cram: '突击复习',
  today: '每日一题',
  challenge: '挑战答题',
  exam: '微考堂',
  practice: '专项答题',
  wrong_book: '错题本',
  reading: '天天读',
};

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A share as a whole percentage. */
export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
