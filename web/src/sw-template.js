// The learner app's service worker (generated into dist/sw.js by vite.config.js, which fills
// in PRECACHE and VERSION). Offline after the first load: the app shell, the core .wasm and
// the banks are cached at install; other same-origin files (the organizer module used for
// export/import, the stage pages) are cached when first fetched. A new build has a new
// VERSION: its files are cached before the old cache is dropped.
const VERSION = __VERSION__;
const PRECACHE = __PRECACHE__;
const CACHE = `kaotang-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kaotang-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // Pages: the network first (a new build shows up), the cached copy offline.
      if (request.mode === 'navigate') {
        try {
          const fresh = await fetch(request);
          if (fresh.ok) cache.put(request, fresh.clone());
          return fresh;
        } catch {
          return (await cache.match(request, { ignoreSearch: true })) ?? (await cache.match('./index.html')) ?? Response.error();
        }
      }
      // Hashed assets never change: the cache first.
      const hit = await cache.match(request);
      if (hit) return hit;
      const fresh = await fetch(request);
      if (fresh.ok) cache.put(request, fresh.clone());
      return fresh;
    }),
  );
});
