// A bare 微考堂 page on the package, for the Chromium run. The page only renders what the
// package returns and forwards clicks with its clock; drawing, grading, timing and scoring
// happen in the package.
import { Banks, KaotangError, Learner, Session, Study } from 'kaotang';
import { shippedBanks } from 'kaotang/banks';

const app = document.getElementById('app');
const banks = Banks.load(shippedBanks);
const study = new Study();
const learner = new Learner();
const log = [];
// The learner's local clock (China, UTC+8), in whole seconds as the core counts time.
const now = () => Math.floor(Date.now() / 1000) + 8 * 3600;
const exam = Session.exam(banks, 2021n, now(), {
  count: 4,
  timeLimitSecs: 300,
  filter: { types: ['single'] },
});
let shownAt = Date.now();

function el(tag, { dataset = {}, ...attrs }, text) {
  const e = document.createElement(tag);
  Object.assign(e, attrs);
  Object.assign(e.dataset, dataset);
  if (text !== undefined) e.textContent = text;
  return e;
}

function show() {
  app.replaceChildren();
  const view = exam.next(banks, now());
  if (!view) {
    const report = exam.finish(banks, now()).exam;
    app.append(el('p', { id: 'result' }, `得分 ${report.score}（答对 ${report.correct} / ${report.total}）`));
    for (const w of report.wrong) app.append(el('p', { className: 'wrong' }, `${w.stem} 正确答案：${w.answer_text}`));
    return;
  }
  app.append(el('h2', { id: 'stem', dataset: { id: view.id } }, view.stem));
  view.choices.forEach((text, i) => {
    const b = el('button', { className: 'option', dataset: { index: i } }, `${'ABCDEFGH'[i]}. ${text}`);
    b.onclick = () => answer(i);
    app.append(b);
  });
  shownAt = Date.now();
}

function answer(index) {
  const step = exam.answer(study, banks, learner, {
    response: { type: 'choices', value: [index] },
    answerMs: Date.now() - shownAt,
    at: now(),
  });
  if (step.entry) log.push(step.entry); // an app persists this (IndexedDB) before the feedback
  show();
}

// For the test: keys, the log, and proof that errors are real KaotangErrors in the browser.
window.kaotangTest = {
  key: (id) => banks.keyResponse(id).value[0],
  log: () => log,
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
