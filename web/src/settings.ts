// Display settings (大字模式, 繁體), kept in localStorage so they apply before the first paint.
const KEY = 'kaotang.display';

export const settings = { big: false, hant: false };

try {
  Object.assign(settings, JSON.parse(localStorage.getItem(KEY) ?? '{}'));
} catch {
  // Unreadable settings: the defaults (display only; no learner data is involved).
}

export function applySettings(): void {
  document.documentElement.classList.toggle('big', settings.big);
  document.documentElement.lang = settings.hant ? 'zh-Hant' : 'zh-CN';
}

export async function saveSettings(): Promise<void> {
  localStorage.setItem(KEY, JSON.stringify(settings));
}
