// Follows a background run for a page: polls the card's data-url every second (every three after an error) and hands each
// answer to the page, which says whether to go on. The bar (data-role=bar) and its group follow the answer's percent; a
// percent of null draws a full moving bar with no value.
window.followProgress = function (card, onAnswer) {
    'use strict';
    var bar = card.querySelector('[data-role=bar]');
    var group = card.querySelector('[role=progressbar]');

    function poll() {
        fetch(card.dataset.url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (p) {
                if (!p) { setTimeout(poll, 3000); return; }
                if (p.percent === null) {
                    bar.style.width = '100%';
                    group.removeAttribute('aria-valuenow');
                } else {
                    bar.style.width = p.percent + '%';
                    group.setAttribute('aria-valuenow', p.percent);
                }
                if (onAnswer(p)) setTimeout(poll, 1000);
            })
            .catch(function () { setTimeout(poll, 3000); });
    }
    setTimeout(poll, 500);
};
