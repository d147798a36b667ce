// 繁體: when the learner turns it on, every text the app shows is converted with the
// package's OpenCC converter (`Traditional`, in the organizer module, loaded only then).
// Screens render simplified text as usual; an observer converts text as it is added, so no
// screen needs to know. Answers typed in either script grade the same (the core folds them).
import { organizerModule } from './app';

const ATTRIBUTES = ['aria-label', 'title', 'placeholder'];

export async function startTraditional(root: HTMLElement): Promise<void> {
  const { Traditional } = await organizerModule();
  const cc = new Traditional();
  const convertText = (node: Text) => {
    const value = node.nodeValue ?? '';
    const converted = cc.convert(value);
    if (converted !== value) node.nodeValue = converted; // idempotent: no loop
  };
  const convert = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return convertText(node as Text);
    if (!(node instanceof Element)) return;
    for (const a of ATTRIBUTES) {
      const value = node.getAttribute(a);
      if (value !== null) {
        const converted = cc.convert(value);
        if (converted !== value) node.setAttribute(a, converted);
      }
    }
    if (node instanceof HTMLOptionElement || node.tagName === 'title') node.textContent = cc.convert(node.textContent ?? '');
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) convertText(t as Text);
  };
  convert(root);
  document.title = cc.convert(document.title);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') convert(r.target);
      else if (r.type === 'attributes') convert(r.target);
      else r.addedNodes.forEach(convert);
    }
    const title = cc.convert(document.title);
    if (title !== document.title) document.title = title;
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
}
