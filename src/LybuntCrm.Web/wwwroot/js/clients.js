// The client list's bulk bar: the header box ticks every row of the page, and only the fields of the chosen action show.
(function () {
  const page = document.querySelector('[data-select-page]');
  page?.addEventListener('change', () => {
    document.querySelectorAll('input[name="Bulk.Ids"]').forEach(box => { box.checked = page.checked; });
  });
  const action = document.querySelector('[data-bulk-action]');
  if (!action) return;
  const show = () => document.querySelectorAll('[data-bulk-for]').forEach(field => {
    field.hidden = field.dataset.bulkFor !== action.value;
  });
  action.addEventListener('change', show);
  show();
})();
