// LYBUNT page: follows the flagging run started from it, then reloads the page once the run has ended.
(function () {
    'use strict';

    var card = document.getElementById('flagging-progress');
    if (!card) return;
    var text = card.querySelector('[data-role=text]');
    window.followProgress(card, function (p) {
        text.textContent = p.text;
        if (p.done) window.location.replace(card.dataset.doneUrl);
        return !p.done;
    });
})();
