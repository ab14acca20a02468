// The bulk bar of every list: the header box ticks every row of the page, and only the fields of the chosen action show
// (the others are disabled too, so a field another action shares a name with is not sent).
(function () {
  const page = document.querySelector('[data-select-page]');
  const rows = () => document.querySelectorAll('[data-bulk-row]');
  page?.addEventListener('change', () => {
    rows().forEach(box => { box.checked = page.checked; });
  });
  rows().forEach(box => box.addEventListener('change', () => {
    if (!page) return;
    const all = Array.from(rows());
    page.checked = all.length > 0 && all.every(b => b.checked);
    page.indeterminate = !page.checked && all.some(b => b.checked);
  }));
  const action = document.querySelector('[data-bulk-action]');
  if (!action) return;
  const show = () => document.querySelectorAll('[data-bulk-for]').forEach(field => {
    const on = field.dataset.bulkFor.split(' ').includes(action.value);
    field.hidden = !on;
    field.querySelectorAll('input, select, textarea').forEach(control => { control.disabled = !on; });
  });
  action.addEventListener('change', show);
  show();
})();
