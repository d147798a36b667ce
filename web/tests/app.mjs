// Driving the learner app in tests: open it (optionally with a movable clock), and answer the
// question on screen rightly or wrongly. The keys come from the package in Node, by the
// question id the page shows: the page itself never exposes a key.
import { Banks } from 'kaotang';
import { shippedBanks } from 'kaotang/banks';
import { newPage } from './harness.mjs';

export const banks = Banks.load(shippedBanks);

/**
 * A fresh page on the app at `hash`. With `clock`, `globalThis.kaotangClock` runs
 * `offsetMs` ahead of real time; move it with `advance(page, ms)`.
 */
export async function openApp(browser, base, { hash = '', viewport, clock = false } = {}) {
  const page = await newPage(browser, viewport ? { viewport } : {});
  if (clock) {
    await page.addInitScript(() => {
      globalThis.kaotangOffset = 0;
      globalThis.kaotangClock = () => Date.now() + globalThis.kaotangOffset;
    });
  }
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('body[data-ready=yes]', { timeout: 30_000 });
  return page;
}

export async function advance(page, ms) {
  await page.evaluate((ms) => { globalThis.kaotangOffset += ms; }, ms);
}

/** Answers the question on screen: the key when `right`, else 不会. Returns its id. */
export async function answer(page, right) {
  await page.waitForSelector('#stem:not([data-answered])');
  const stem = page.locator('#stem');
  const id = await stem.getAttribute('data-id');
  if (!right) {
    await page.click('#skip');
    return id;
  }
  const key = banks.keyResponse(id);
  switch (key.type) {
    case 'choices':
      if ((await stem.getAttribute('data-type')) === 'single') {
        await page.click(`button.option[data-index="${key.value[0]}"]`);
        return id;
      }
      for (const i of key.value) await page.click(`button.option[data-index="${i}"]`);
      break;
    case 'judge':
      await page.click(`button.option[data-value="${key.value}"]`);
      return id;
    case 'fill':
      for (const [i, v] of key.value.entries()) await page.fill(`#blank-${i}`, v);
      break;
    case 'order':
      for (const i of key.value) await page.click(`button.option[data-index="${i}"]`);
      break;
    case 'match':
      for (const [i, v] of key.value.entries()) await page.selectOption(`#match-${i}`, String(v));
      break;
  }
  await page.click('#submit');
  return id;
}
