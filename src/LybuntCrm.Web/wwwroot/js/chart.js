// Bar charts (Features/Shared/_BarChart.cshtml): a bar's values show in a tooltip above it while the pointer is on it or
// it has the keyboard focus; Escape hides it. The text is the bar's own (data-tip-title, data-tip: one line per value),
// which is also its accessible name, so the tooltip itself is hidden from screen readers.
document.querySelectorAll('.chart-plot').forEach((plot) => {
  const tip = plot.querySelector('.chart-tip');
  if (!tip) return;

  const show = (bar) => {
    const title = document.createElement('div');
    title.className = 'chart-tip-title';
    title.textContent = bar.dataset.tipTitle;
    const lines = (bar.dataset.tip || '').split('\n').map((line) => {
      const row = document.createElement('div');
      row.textContent = line;
      return row;
    });
    tip.replaceChildren(title, ...lines);
    tip.hidden = false;
    const box = plot.getBoundingClientRect();
    const target = (bar.querySelector('.chart-segment') || bar).getBoundingClientRect();
    const left = Math.min(Math.max(target.left + target.width / 2 - box.left - tip.offsetWidth / 2, 0), box.width - tip.offsetWidth);
    let top = target.top - box.top - tip.offsetHeight - 8;
    if (top < 0) top = 0;
    tip.style.left = `${Math.max(left, 0)}px`;
    tip.style.top = `${top}px`;
  };
  const hide = () => { tip.hidden = true; };

  plot.querySelectorAll('.chart-bar').forEach((bar) => {
    bar.addEventListener('pointerenter', () => show(bar));
    bar.addEventListener('pointerleave', () => { if (document.activeElement === bar) show(bar); else hide(); });
    bar.addEventListener('focus', () => show(bar));
    bar.addEventListener('blur', hide);
    bar.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });
  });
  // The drawing scales with the window: a tooltip placed for the old size would point at nothing.
  window.addEventListener('resize', hide);
});
