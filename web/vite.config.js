// Vite: three static pages — the learner app (index.html), the 现场赛 host console
// (host.html) and its projector view (screen.html) — built into dist/ with relative URLs,
// so the folder can be hosted under any path.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes dist/sw.js: the service worker template with the files the learner app needs
 * offline (its page, its chunks and the assets they reference: the core .wasm, styles,
 * manifest and icons). The organizer module and the stage pages are cached when used.
 */
function serviceWorker() {
  return {
    name: 'kaotang-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle);
      const learner = new Set();
      const visit = (name) => {
        const chunk = bundle[name];
        if (!chunk || chunk.type !== 'chunk' || learner.has(name)) return;
        learner.add(name);
        chunk.imports.forEach(visit);
      };
      files.filter((f) => f.type === 'chunk' && f.isEntry && f.name === 'index').forEach((f) => visit(f.fileName));
      const code = [...learner].map((n) => bundle[n].code).join('\n');
      const assets = files
        .filter((f) => f.type === 'asset' && (f.fileName.endsWith('.css') || code.includes(f.fileName.split('/').pop())))
        .map((f) => f.fileName);
      const precache = ['./', './index.html', './manifest.webmanifest', './icons/icon.svg', './icons/icon-192.png',
        ...[...learner, ...assets].map((f) => `./${f}`)];
      const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(resolve(here, 'src/sw-template.js'), 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: template.replace('__VERSION__', JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(precache, null, 2)),
      });
    },
  };
}

/**
 * Starts the learner's .wasm download with the page (`<link rel=preload>`), instead of after
 * the scripts and banks have loaded and run: the package fetches it from its entry module.
 */
function preloadWasm() {
  return {
    name: 'kaotang-preload-wasm',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle || !ctx.filename.endsWith('index.html')) return html;
        const chunks = Object.values(ctx.bundle).filter((f) => f.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry && c.name === 'index');
        if (!entry) return html;
        const code = [entry, ...entry.imports.map((n) => ctx.bundle[n])].map((c) => c?.code ?? '').join('\n');
        const wasm = Object.values(ctx.bundle).filter((f) => f.type === 'asset' && f.fileName.endsWith('.wasm') && code.includes(f.fileName.split('/').pop()));
        return {
          html,
          tags: wasm.map((f) => ({
            tag: 'link',
            attrs: { rel: 'preload', href: `./${f.fileName}`, as: 'fetch', type: 'application/wasm', crossorigin: '' },
            injectTo: 'head',
          })),
        };
      },
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [serviceWorker(), preloadWasm()],
  build: {
    // The package instantiates its .wasm with a top-level await.
    target: 'es2022',
    // The .wasm and the banks are large on purpose; their budget is checked by scripts/measure.mjs.
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: resolve(here, 'index.html'),
        host: resolve(here, 'host.html'),
        screen: resolve(here, 'screen.html'),
      },
    },
  },
  server: {
    // `kaotang` is linked from ../crates/kaotang-wasm (a `file:` dependency).
    fs: { allow: [here, resolve(here, '../crates/kaotang-wasm')] },
  },
});
