// Helpers of the 现场赛 tests: the host and the projector in one browser profile, keys that
// log one event each, the scores each window shows.
import { newPage } from './harness.mjs';

/** The host and the projector in one browser profile (one IndexedDB, one BroadcastChannel). */
export async function openStage(b, url) {
  const host = await newPage(b, { viewport: { width: 1920, height: 1080 } });
  await host.goto(`${url}/host.html`);
  await host.waitForSelector('body[data-ready=yes]', { timeout: 60_000 });
  const screen = await host.context().newPage();
  screen.errors = [];
  screen.on('pageerror', (e) => screen.errors.push(e));
  await screen.goto(`${url}/screen.html`);
  await screen.waitForSelector('body[data-synced=yes]', { timeout: 30_000 });
  return { host, screen };
}

export async function events(page) {
  return Number(await page.getAttribute('body', 'data-events'));
}

/** Presses `key` on the host and waits until the event is logged (saved, then shown). */
export async function press(host, key) {
  const n = await events(host);
  await host.keyboard.press(key);
  await host.waitForSelector(`body[data-events="${n + 1}"]`, { timeout: 10_000 });
}

export async function hostScores(host) {
  return host.$$eval('#board tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.team, Number(r.querySelector('.score').textContent)])),
  );
}

/** Waits until the projector shows `expected` ({ t1: 130, … }) and returns what it shows. */
export async function screenScores(screen, expected) {
  await screen
    .waitForFunction(
      (want) => {
        const cards = [...document.querySelectorAll('#teams li')];
        return cards.length > 0 && cards.every((c) => Number(c.dataset.score) === want[c.dataset.team]);
      },
      expected,
      { timeout: 10_000 },
    )
    .catch(() => {});
  return screen.$$eval('#teams li', (cards) => Object.fromEntries(cards.map((c) => [c.dataset.team, Number(c.dataset.score)])));
}

