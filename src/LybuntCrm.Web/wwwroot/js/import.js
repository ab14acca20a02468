// Import pages: file size check before upload, confirmation of undo, and the progress of a running import (bar, rows,
// time left and the count cards, all from one poll).
(function () {
    'use strict';

    var file = document.querySelector('input[type=file][data-max-bytes]');
    if (file) {
        var error = file.parentElement.querySelector('[data-role=size-error]');
        file.addEventListener('change', function () {
            var tooLarge = file.files.length > 0 && file.files[0].size > Number(file.dataset.maxBytes);
            file.setCustomValidity(tooLarge ? file.dataset.tooLarge : '');
            if (error) {
                error.textContent = tooLarge ? file.dataset.tooLarge : '';
                error.classList.toggle('d-none', !tooLarge);
            }
        });
    }

    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
        form.addEventListener('submit', function (e) {
            if (!window.confirm(form.dataset.confirm)) e.preventDefault();
        });
    });

    var progress = document.getElementById('import-progress');
    if (!progress) return;
    var text = progress.querySelector('[data-role=text]');
    var left = progress.querySelector('[data-role=left]');
    window.followProgress(progress, function (p) {
        text.textContent = p.text;
        left.textContent = p.timeLeft;
        Object.keys(p.counts).forEach(function (key) {
            var card = document.querySelector('[data-count=' + key + ']');
            if (card) card.textContent = p.counts[key];
        });
        if (!p.running) window.location.reload();
        return p.running;
    });
})();
