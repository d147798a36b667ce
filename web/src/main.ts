// The learner app. Scaffold: loads the package and the shipped banks and shows 每日一题.
import { Banks, Session } from 'kaotang';
import { shippedBanks } from 'kaotang/banks';

const app = document.getElementById('app');
const banks = Banks.load(shippedBanks);
const now = Math.floor(Date.now() / 1000) + 8 * 3600;
const today = new Date(now * 1000).toISOString().slice(0, 10);
const session = Session.questionOfTheDay(banks, today);
const view = session.next(banks, now);
if (app) {
  const h = document.createElement('h1');
  h.textContent = '考堂';
  const p = document.createElement('p');
  p.id = 'stem';
  p.textContent = view ? view.stem : '今天没有每日一题';
  app.replaceChildren(h, p);
}
document.body.dataset.ready = 'yes';
