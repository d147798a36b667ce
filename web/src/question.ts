// A question on screen and the learner's answer as the package's `Response`. Only input is
// handled here: the package grades it.
import type { QuestionView, Response } from 'kaotang';
import { h, LETTERS } from './ui';

export interface Asked {
  response: Response | null;
  hintUsed: boolean;
}

/**
 * Renders `view` into `into` and resolves with the learner's answer (`response: null` for
 * 不会). `hint`, when given, fetches the hint (the answer then earns no points).
 */
export function ask(into: HTMLElement, view: QuestionView, hint?: () => string | undefined): Promise<Asked> {
  return new Promise((resolve) => {
    let hintUsed = false;
    let answered = false;
    const submit = (response: Response | null, picked?: HTMLElement) => {
      if (answered) return;
      answered = true;
      // The learner's pick stays marked beside the verdict, so a wrong answer can be seen as such.
      if (picked) picked.setAttribute('aria-pressed', 'true');
      stem.dataset.answered = 'yes';
      for (const b of into.querySelectorAll('button, input, select')) (b as HTMLButtonElement).disabled = true;
      resolve({ response, hintUsed });
    };
    const stem = h('p', { class: 'stem', id: 'stem', 'data-id': view.id, 'data-type': view.type }, view.stem);
    const body = h('div', { class: 'answer' });
    const actions = h('div', { class: 'actions' });
    const submitButton = (get: () => Response | null, ready: () => boolean = () => true) => {
      const b = h('button', { class: 'primary', id: 'submit', type: 'button' }, '提交');
      b.addEventListener('click', () => {
        if (ready()) submit(get());
      });
      actions.append(b);
    };

    switch (view.type) {
      case 'single':
        view.choices.forEach((text, i) =>
          body.append(
            h('button', { class: 'option', type: 'button', 'data-index': i, onclick: (e: Event) => submit({ type: 'choices', value: [i] }, e.currentTarget as HTMLElement) },
              h('span', { class: 'letter' }, LETTERS[i] ?? '?'), text),
          ),
        );
        break;
      case 'multiple': {
        const picked = new Set<number>();
        view.choices.forEach((text, i) => {
          const b = h('button', { class: 'option', type: 'button', 'data-index': i, 'aria-pressed': 'false' },
            h('span', { class: 'letter' }, LETTERS[i] ?? '?'), text);
          b.addEventListener('click', () => {
            if (picked.has(i)) picked.delete(i);
            else picked.add(i);
            b.setAttribute('aria-pressed', String(picked.has(i)));
          });
          body.append(b);
        });
        body.append(h('p', { class: 'help' }, '多选题：选出全部正确选项后提交'));
        submitButton(() => ({ type: 'choices', value: [...picked].sort((a, b) => a - b) }), () => picked.size > 0);
        break;
      }
      case 'judge':
        for (const [value, text] of [[true, '正确'], [false, '错误']] as const) {
          body.append(h('button', { class: 'option judge', type: 'button', 'data-value': String(value), onclick: (e: Event) => submit({ type: 'judge', value }, e.currentTarget as HTMLElement) }, text));
        }
        break;
      case 'fill': {
        const inputs = Array.from({ length: Math.max(1, view.blanks) }, (_, i) => {
          const id = `blank-${i}`;
          const input = h('input', { id, class: 'blank', type: 'text', autocomplete: 'off', lang: 'zh-CN' });
          body.append(h('label', { for: id }, view.blanks > 1 ? `第 ${i + 1} 空` : '答案'), input);
          return input;
        });
        inputs[inputs.length - 1]?.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter') submit({ type: 'fill', value: inputs.map((x) => x.value) });
        });
        submitButton(() => ({ type: 'fill', value: inputs.map((x) => x.value) }), () => inputs.some((x) => x.value.trim() !== ''));
        break;
      }
      case 'order': {
        const order: number[] = [];
        const shown = h('p', { class: 'help', 'aria-live': 'polite' }, '依次点选，排出正确顺序');
        const buttons = view.choices.map((text, i) => {
          const b = h('button', { class: 'option', type: 'button', 'data-index': i }, h('span', { class: 'letter' }, LETTERS[i] ?? '?'), text);
          b.addEventListener('click', () => {
            if (order.includes(i)) return;
            order.push(i);
            b.setAttribute('aria-pressed', 'true');
            b.append(h('span', { class: 'rank' }, `第${order.length}`));
            shown.textContent = `已选顺序：${order.map((k) => LETTERS[k]).join(' ')}`;
          });
          return b;
        });
        body.append(...buttons, shown);
        const reset = h('button', { type: 'button', class: 'secondary' }, '重选');
        reset.addEventListener('click', () => {
          order.length = 0;
          for (const b of buttons) {
            b.setAttribute('aria-pressed', 'false');
            b.querySelector('.rank')?.remove();
          }
          shown.textContent = '依次点选，排出正确顺序';
        });
        actions.append(reset);
        submitButton(() => ({ type: 'order', value: [...order] }), () => order.length === view.choices.length);
        break;
      }
      case 'match': {
        const selects = view.choices.map((text, i) => {
          const id = `match-${i}`;
          const select = h('select', { id, class: 'match' },
            h('option', { value: '' }, '请选择'),
            ...view.right.map((r, j) => h('option', { value: j }, `${LETTERS[j]}. ${r}`)));
          body.append(h('label', { for: id }, `${LETTERS[i]}. ${text}`), select);
          return select;
        });
        submitButton(() => ({ type: 'match', value: selects.map((x) => (x.value === '' ? null : Number(x.value))) }));
        break;
      }
    }

    if (hint) {
      const b = h('button', { type: 'button', class: 'secondary', id: 'hint' }, '提示');
      b.addEventListener('click', () => {
        const text = hint();
        hintUsed = true;
        b.replaceWith(h('p', { class: 'hint' }, `提示：${text ?? '本题没有提示'}（看过提示的题不计积分）`));
      });
      actions.append(b);
    }
    actions.append(h('button', { type: 'button', class: 'secondary', id: 'skip', onclick: () => submit(null) }, '不会'));
    into.append(stem, body, actions);
  });
}
