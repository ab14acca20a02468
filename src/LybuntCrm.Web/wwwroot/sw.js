// The phone app's service worker (scope "/"). It keeps the app shell (styles, scripts, icons) and, network first, the
// pages the server marks with X-Lybunt-Cache-Key: Today and the client pages, of the signed-in user. The key names the
// user's page cache, so a page kept for one user is never shown to another; a page without it (admin, account and API
// pages, anything not read with GET) is never kept. Offline, a kept page is shown with its "Offline, as of 08:12" mark.
const SHELL = 'lybunt-shell-v1';
const PAGES = 'lybunt-pages-';
const META = 'lybunt-meta';
const USER_ENTRY = '/__lybunt/user';
const SHELL_FILES = [
  '/css/site.css',
  '/lib/bootstrap/dist/css/bootstrap.min.css',
  '/lib/bootstrap/dist/css/bootstrap.rtl.min.css',
  '/lib/bootstrap/dist/js/bootstrap.bundle.min.js',
  '/js/phone.js',
  '/js/today.js',
  '/js/bulk.js',
  '/js/touch-sheet.js',
  '/icons/icon-192.png',
  '/favicon.ico',
];
const SHELL_FOLDERS = ['/css/', '/js/', '/lib/', '/icons/'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('lybunt-shell-') && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && keepsPage(url.pathname)) {
    event.respondWith(page(request));
  } else if (SHELL_FOLDERS.some(folder => url.pathname.startsWith(folder)) || url.pathname === '/favicon.ico') {
    event.respondWith(shellFile(request, url));
  }
});

// The same pages the server may mark; the mark itself decides whether one is kept.
function keepsPage(path) {
  return /^\/today$/i.test(path) || /^\/clients\/[0-9]+$/i.test(path);
}

async function page(request) {
  let response;
  try {
    response = await fetch(request);
  } catch {
    return offlineCopy(request);
  }
  const key = response.headers.get('X-Lybunt-Cache-Key');
  if (response.status === 200 && key && /^[0-9a-f]{32}$/.test(key)) {
    await rememberUser(key);
    const cache = await caches.open(PAGES + key);
    await cache.put(request.url, response.clone());
  } else if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) {
    // Sent to the sign-in page (or refused): whoever used this browser before is not signed in now.
    await forgetPages(null);
  }
  return response;
}

async function offlineCopy(request) {
  const key = await currentUser();
  const cached = key ? await (await caches.open(PAGES + key)).match(request.url) : undefined;
  if (!cached) return Response.error();
  const html = (await cached.text()).replace('data-offline-mark hidden', 'data-offline-mark');
  return new Response(html, { status: 200, headers: cached.headers });
}

async function shellFile(request, url) {
  const cache = await caches.open(SHELL);
  const exact = await cache.match(request);
  if (exact) {
    // A versioned address (?v=...) never changes; an unversioned one is refreshed for next time.
    if (!url.search) fetch(request).then(fresh => fresh.ok && cache.put(request, fresh)).catch(() => { });
    return exact;
  }
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch {
    return (await cache.match(request, { ignoreSearch: true })) ?? Response.error();
  }
}

async function currentUser() {
  const entry = await (await caches.open(META)).match(USER_ENTRY);
  return entry ? entry.text() : null;
}

async function rememberUser(key) {
  if (await currentUser() === key) return;
  await forgetPages(key);
  await (await caches.open(META)).put(USER_ENTRY, new Response(key));
}

// Drops every user's pages but those of `keep` (null: all, and who was signed in).
async function forgetPages(keep) {
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== PAGES + keep) await caches.delete(name);
  }
  if (keep === null) await caches.delete(META);
}
