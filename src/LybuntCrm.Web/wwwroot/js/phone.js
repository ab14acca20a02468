// The installable phone app: registers the service worker (wwwroot/sw.js) and, on sign-out, empties what this browser
// kept for the user (pages in Cache Storage, queued touches in IndexedDB) before the form goes; the sign-out response
// also asks the browser to do so (Clear-Site-Data), for a browser that runs no script.
// The worker is registered for a signed-in user only: after sign-out nothing is kept, not even the app shell.
(function () {
  if ('serviceWorker' in navigator && document.currentScript?.dataset.worker === 'on') {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => { });
  }

  function deleteDatabase(name) {
    return new Promise(resolve => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }

  async function forgetEverything() {
    if (window.caches) {
      for (const name of await caches.keys()) await caches.delete(name);
    }
    if (window.indexedDB && indexedDB.databases) {
      for (const db of await indexedDB.databases()) if (db.name) await deleteDatabase(db.name);
    }
  }

  document.querySelectorAll('form[action="/Account/Logout"]').forEach(form => form.addEventListener('submit', event => {
    event.preventDefault();
    forgetEverything().catch(() => { }).finally(() => form.submit());
  }));
})();
