// Keyboard shortcuts on Today: j/k move between items, r/n log "reached"/"no answer", d opens the full forms,
// s opens them at the snooze date, Enter opens the client, ? lists the keys. Typing in a field never triggers them.
(function () {
  const items = () => Array.from(document.querySelectorAll('[data-testid=today-list] [data-testid=follow-up]'));
  const help = document.getElementById('shortcut-help');
  const current = () => document.activeElement?.closest('[data-testid=follow-up]');

  function move(step) {
    const list = items();
    if (list.length === 0) return;
    const at = list.indexOf(current());
    const next = list[Math.min(list.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
    next.focus();
    next.scrollIntoView({ block: 'nearest' });
  }

  function open(item, focus) {
    const more = item.querySelector('[data-testid=more]');
    if (!more) return;
    sessionStorage.setItem('today-focus', focus);
    location.href = more.href;
  }

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest('input, textarea, select, [contenteditable]')) return;
    const item = current();
    switch (event.key) {
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case '?': if (help) help.open ? help.close() : help.showModal(); break;
      case 'Enter': if (item && event.target === item) item.querySelector('.client-link')?.click(); else return; break;
      case 'r': if (item) item.querySelector('[data-key=r]')?.click(); else return; break;
      case 'n': if (item) item.querySelector('[data-key=n]')?.click(); else return; break;
      case 'd': if (item) open(item, 'summary'); else return; break;
      case 's': if (item) open(item, 'until'); else return; break;
      default: return;
    }
    event.preventDefault();
  });

  // An item opened with "More" (or "d", "s") comes back with its forms: put the cursor where the key pointed. After
  // the load, because scrolling to the #panel fragment moves the focus to the page.
  const expanded = document.querySelector('[data-testid=item-panel]');
  if (expanded) {
    const item = expanded.closest('[data-testid=follow-up]');
    const field = sessionStorage.getItem('today-focus') === 'until' ? 'until' : 'summary';
    sessionStorage.removeItem('today-focus');
    const focus = () => (document.getElementById(field + '-' + item.dataset.id) || item).focus({ preventScroll: true });
    if (document.readyState === 'complete') focus(); else window.addEventListener('load', () => setTimeout(focus, 0));
  }
})();

// The Undo button beside the message of the action just taken stays a few seconds; the client's timeline keeps it longer.
(function () {
  const bar = document.querySelector('[data-undo-seconds]');
  if (!bar) return;
  setTimeout(() => bar.remove(), Number(bar.dataset.undoSeconds) * 1000);
})();
