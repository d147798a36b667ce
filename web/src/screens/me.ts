// 我的: name, 大字模式, 繁體, and moving the learning log: export to and import from the JSON
// of `kaotang profile export` (read and written by the package). An import replaces the
// local log only after the learner confirms; a bad file changes nothing.
import { logRecord, type LearnerData } from 'kaotang';
import { describe, load, organizerModule, state } from '../app';
import { today } from '../clock';
import { applySettings, settings, saveSettings } from '../settings';
import * as store from '../store';
import { h, notice, show } from '../ui';

function toggle(id: string, label: string, detail: string, on: boolean, change: (on: boolean) => void): HTMLElement {
  const b = h('button', { type: 'button', role: 'switch', id, class: 'switch', 'aria-checked': String(on) },
    h('span', { class: 'switch-label' }, label), h('span', { class: 'switch-detail' }, detail));
  b.addEventListener('click', () => {
    const next = b.getAttribute('aria-checked') !== 'true';
    b.setAttribute('aria-checked', String(next));
    change(next);
  });
  return b;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function meScreen(message?: HTMLElement): void {
  const status = h('div', { id: 'data-status', 'aria-live': 'polite' });
  if (message) status.append(message);
  const name = h('input', { id: 'name', type: 'text', value: state.name, autocomplete: 'name' });
  name.addEventListener('change', async () => {
    const v = name.value.trim();
    if (!v) return;
    state.name = v;
    await store.setMeta('name', v);
  });

  const file = h('input', { id: 'import-file', type: 'file', accept: '.json,application/json', class: 'visually-hidden' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    await importText(await f.text(), status);
  });

  show('我的',
    h('section', { class: 'card' },
      h('h2', {}, '显示'),
      toggle('big-mode', '大字模式', '字号更大、对比更强、按钮更大，适合老同志', settings.big, (on) => {
        settings.big = on;
        applySettings();
        void saveSettings();
      }),
      toggle('hant-mode', '繁體', '以繁体字显示题目和界面（首次开启需下载约 1.5 MB 的转换词典）', settings.hant, (on) => {
        settings.hant = on;
        void saveSettings().then(() => location.reload());
      })),
    h('section', { class: 'card' },
      h('h2', {}, '学员'),
      h('div', { class: 'form-row' }, h('label', { for: 'name' }, '姓名'), name)),
    h('section', { class: 'card' },
      h('h2', {}, '学习记录'),
      h('p', {}, `本机保存了 ${state.entries.length} 条学习记录（只存在这台设备的浏览器中）。导出的文件可以用命令行 kaotang profile import 导入，命令行 kaotang profile export 导出的文件也可以在这里导入。`),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'export', onclick: async () => {
          const { writeProfile } = await organizerModule();
          const text = writeProfile([{ name: state.name, log: state.entries }]);
          download(`考堂学习档案-${state.name}-${today()}.json`, text);
          status.replaceChildren(notice(`已导出 ${state.entries.length} 条记录${state.damaged.length ? `；${state.damaged.length} 条损坏的记录无法导出，仍保留在本机` : ''}`));
        } }, '导出'),
        h('label', { for: 'import-file', class: 'button secondary', id: 'import' }, '导入…'), file),
      status));
}

/** Reads an export and, after confirmation when the local log is not empty, replaces it. */
export async function importText(text: string, status: HTMLElement): Promise<void> {
  let learners: LearnerData[];
  try {
    const { readProfile } = await organizerModule();
    learners = readProfile(text);
  } catch (e) {
    status.replaceChildren(notice(`无法导入：${describe(e)}。本机的学习记录没有改动。`, 'error'));
    return;
  }
  if (learners.length === 0) {
    status.replaceChildren(notice('文件中没有学员，本机的学习记录没有改动。', 'error'));
    return;
  }
  const choose = (l: LearnerData) => {
    const local = state.entries.length + state.damaged.length;
    const apply = async () => {
      try {
        await store.replaceLog(l.log.map((e) => logRecord(e)));
        await store.setMeta('name', l.name);
        await load();
        meScreen(notice(`已导入学员“${l.name}”的 ${l.log.length} 条记录`));
      } catch (e) {
        status.replaceChildren(notice(`导入失败：${describe(e)}。本机的学习记录没有改动。`, 'error'));
      }
    };
    if (local === 0) return void apply();
    status.replaceChildren(h('div', { class: 'notice info', role: 'alert' },
      h('p', {}, `本机已有 ${local} 条学习记录。导入会用文件中学员“${l.name}”的 ${l.log.length} 条记录替换它们（建议先导出备份）。`),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'confirm-import', onclick: () => void apply() }, '替换'),
        h('button', { type: 'button', class: 'secondary', onclick: () => status.replaceChildren(notice('已取消导入，本机的学习记录没有改动。')) }, '取消'))));
  };
  const [only] = learners;
  if (learners.length === 1 && only) return choose(only);
  status.replaceChildren(h('p', {}, '文件中有多位学员，请选择要导入的一位：'),
    h('div', { class: 'actions' }, ...learners.map((l) => h('button', { type: 'button', class: 'secondary', onclick: () => choose(l) }, `${l.name}（${l.log.length} 条）`))));
}
