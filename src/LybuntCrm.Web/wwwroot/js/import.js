// Import pages: file size check before upload, confirmation of undo, and the progress bar of a running import.
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
    var bar = progress.querySelector('[data-role=bar]');
    var text = progress.querySelector('[data-role=text]');
    var left = progress.querySelector('[data-role=left]');
    var bargroup = progress.querySelector('.progress');

    function poll() {
        fetch(progress.dataset.url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) {
                if (!p) { setTimeout(poll, 3000); return; }
                bar.style.width = p.percent + '%';
                bargroup.setAttribute('aria-valuenow', p.percent);
                text.textContent = p.text;
                left.textContent = p.timeLeft;
                if (p.running) setTimeout(poll, 1000);
                else window.location.reload();
            })
            .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 1000);
})();
