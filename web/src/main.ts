// The learner app: boots the package, reads the local log, and routes between the screens
// (hash routes, so the static build works from any folder and offline).
import './style.css';
import { describe, load, state } from './app';
import { meScreen } from './screens/me';
import { pointsScreen } from './screens/points';
import { progressScreen } from './screens/progress';
import { studyScreen, wrongBookScreen } from './screens/study';
import { todayScreen } from './screens/today';
import { startTraditional } from './hant';
import { leaveSession } from './session';
import { applySettings, settings } from './settings';
import { h, notice } from './ui';

applySettings();

const ROUTES: Record<string, [string, () => void]> = {
  '#today': ['今日', todayScreen],
  '#study': ['答题', studyScreen],
  '#points': ['积分', pointsScreen],
  '#progress': ['进度', progressScreen],
  '#me': ['我的', () => meScreen()],
};
const HIDDEN: Record<string, () => void> = { '#wrongbook': wrongBookScreen };

function nav(): HTMLElement {
  return h('nav', { class: 'tabs', 'aria-label': '主菜单' },
    ...Object.entries(ROUTES).map(([hash, [label]]) => h('a', { href: hash, 'data-route': hash }, label)));
}

function damagedBanner(): HTMLElement | null {
  if (state.damaged.length === 0) return null;
  const first = state.damaged[0];
  return notice(
    `本机有 ${state.damaged.length} 条学习记录已损坏，无法读取（第 ${first?.number} 条：${first?.message}）。` +
      '其余记录照常使用；损坏的记录仍保存在本机，没有删除。', 'error');
}

function route(): void {
  leaveSession();
  const hash = location.hash in ROUTES || location.hash in HIDDEN ? location.hash : '#today';
  for (const a of document.querySelectorAll('nav.tabs a')) {
    if (a.getAttribute('data-route') === hash) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  (ROUTES[hash]?.[1] ?? HIDDEN[hash] ?? todayScreen)();
  const banner = document.getElementById('banner');
  banner?.replaceChildren(...[damagedBanner()].filter((x): x is HTMLElement => x !== null));
  window.scrollTo(0, 0);
}

async function boot(): Promise<void> {
  document.body.prepend(h('header', { class: 'top' }, h('span', { class: 'brand' }, '考堂'), nav()), h('div', { id: 'banner' }));
  try {
    await load();
  } catch (e) {
    document.getElementById('app')?.replaceChildren(
      notice(`无法读取本机的学习记录：${describe(e)}。没有删除任何数据；请关闭其他考堂页面后刷新，或换用支持 IndexedDB 的浏览器。`, 'error'));
    document.body.dataset.ready = 'error';
    return;
  }
  if (settings.hant) {
    try {
      await startTraditional(document.body);
    } catch (e) {
      document.getElementById('banner')?.after(notice(`繁體转换词典无法载入（${describe(e)}），暂以简体显示；联网后刷新即可。`, 'error'));
    }
  }
  window.addEventListener('hashchange', route);
  // A link to the current screen (a tab, “返回” after a session started there) shows it
  // afresh: the hash does not change, so no hashchange event would.
  document.addEventListener('click', (e) => {
    const a = (e.target as Element | null)?.closest?.('a[href^="#"]');
    if (a && a.getAttribute('href') === location.hash) {
      e.preventDefault();
      route();
    }
  });
  route();
  document.body.dataset.ready = 'yes';
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Offline use is a bonus; the app works online without it.
    });
  }
}

void boot();
