// Vite: three static pages — the learner app (index.html), the 现场赛 host console
// (host.html) and its projector view (screen.html) — built into dist/ with relative URLs,
// so the folder can be hosted under any path.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  base: './',
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
