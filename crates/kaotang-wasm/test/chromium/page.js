// A bare 微考堂 page on the package, for the Chromium run: the page only renders what the
// package returns and forwards clicks; grading and scoring happen in the package.
import { Banks, KaotangError } from 'kaotang';
import { shippedBanks } from 'kaotang/banks';

const app = document.getElementById('app');
const banks = Banks.load(shippedBanks);
const ids = banks.questionIds({ types: ['single'] }).slice(0, 3);
let at = 0;
let score = 0;

function el(tag, { dataset = {}, ...attrs }, text) {
  const e = document.createElement(tag);
  Object.assign(e, attrs);
  Object.assign(e.dataset, dataset);
  if (text !== undefined) e.textContent = text;
  return e;
}

function show() {
  app.replaceChildren();
  if (at === ids.length) {
    app.append(el('p', { id: 'result' }, `得分 ${score} / ${ids.length}`));
    return;
  }
  const q = banks.question(ids[at]);
  app.append(el('h2', { id: 'stem', dataset: { id: q.id } }, q.stem));
  q.options.forEach((text, i) => {
    const b = el('button', { className: 'option', dataset: { index: i } }, `${'ABCDEFGH'[i]}. ${text}`);
    b.onclick = () => answer(q.id, i);
    app.append(b);
  });
}

function answer(id, index) {
  const g = banks.grade(id, { type: 'choices', value: [index] });
  if (g.correct) score++;
  at++;
  show();
}

// For the test: keys, and proof that errors are real KaotangErrors in the browser too.
window.kaotangTest = {
  key: (id) => banks.keyResponse(id).value[0],
  errorCode() {
    try {
      banks.question('没有这道题');
    } catch (e) {
      return e instanceof KaotangError && e instanceof Error ? e.code : 'not a KaotangError';
    }
  },
};
show();
document.body.dataset.ready = 'yes';
