// Today on a phone: a tap on call, chat or email opens the app for it and raises that item's sheet at the bottom of the
// screen, so logging the outcome afterwards is one more tap. Without scripts the same form sits in the row.
(function () {
  const phone = window.matchMedia('(max-width: 575.98px)');
  let open = null;

  function close() {
    if (!open) return;
    open.classList.remove('open');
    open.querySelector('[data-sheet-close]').hidden = true;
    open = null;
    document.body.classList.remove('sheet-open');
  }

  function raise(item, link) {
    const sheet = item.querySelector('[data-touch-sheet]');
    if (!sheet) return;
    close();
    const channel = sheet.querySelector('[data-sheet-channel]');
    const href = link.getAttribute('href') || '';
    channel.value = href.startsWith('tel:') ? 'Phone' : href.startsWith('mailto:') ? 'Email' : channel.dataset.default;
    sheet.classList.add('open');
    sheet.querySelector('[data-sheet-close]').hidden = false;
    document.body.classList.add('sheet-open');
    open = sheet;
  }

  document.addEventListener('click', event => {
    const link = event.target.closest('.today-reach a[data-testid=call], .today-reach a[data-testid=chat], .today-reach a[data-testid=email]');
    if (link && phone.matches) {
      raise(link.closest('[data-testid=follow-up]'), link);
      return;
    }
    if (event.target.closest('[data-sheet-close]')) close();
  });
  document.addEventListener('keydown', event => { if (event.key === 'Escape') close(); });
})();
