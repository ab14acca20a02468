// Forms with data-confirm ask before they are sent (removing a mailbox, deleting a touch): the question is the attribute's text.
(function () {
    'use strict';
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (e) {
            if (!window.confirm(form.dataset.confirm)) e.preventDefault();
        });
    });
})();
