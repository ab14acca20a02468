// The client list's bulk bar: the header box ticks every row of the page, and only the fields of the chosen action show.
(function () {
  const page = document.querySelector('[data-select-page]');
  page?.addEventListener('change', () => {
    document.querySelectorAll('input[name="Bulk.Ids"]').forEach(box => { box.checked = page.checked; });
  });
  const action = document.querySelector('[data-bulk-action]');
  if (!action) return;
  const show = () => document.querySelectorAll('[data-bulk-for]').forEach(field => {
    field.hidden = !field.dataset.bulkFor.split(' ').includes(action.value);
  });
  action.addEventListener('change', show);
  show();
})();

// The saved views open beside the list on a wide screen and fold into one line above it on a phone.
(function () {
  const panel = document.querySelector('[data-views-panel]');
  if (panel && window.matchMedia('(min-width: 992px)').matches) panel.open = true;
})();
