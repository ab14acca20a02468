// The saved views open beside the list on a wide screen and fold into one line above it on a phone.
(function () {
  const panel = document.querySelector('[data-views-panel]');
  if (panel && window.matchMedia('(min-width: 992px)').matches) panel.open = true;
})();
