// The composer: changing the contact, purpose or language writes the message again from the template at once (without
// script, the "write it again" button does the same). Send is disabled after the first press, so a double click sends once.
(function () {
    'use strict';
    var form = document.querySelector('form[data-composer]');
    if (!form) return;
    var rerender = form.querySelector('[data-testid=rerender]');
    form.querySelectorAll('[data-rerender]').forEach(function (select) {
        select.addEventListener('change', function () {
            if (rerender && form.requestSubmit) form.requestSubmit(rerender);
            else if (rerender) rerender.click();
        });
    });
    form.addEventListener('submit', function (e) {
        var send = form.querySelector('[data-testid=send]');
        if (e.submitter === send) window.setTimeout(function () { send.disabled = true; }, 0);
    });
})();
