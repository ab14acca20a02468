// Passkeys (WebAuthn): "Sign in with a passkey" and the browser's passkey suggestions in the email field on the sign-in
// page, and "Add a passkey" on the passkeys page. The server hands out the options as JSON (with a challenge it keeps in a
// protected cookie); the browser's answer goes back in an ordinary form post, so the server answers with a normal page.
// The messages shown here come translated from the button's data- attributes.
(function () {
    'use strict';

    var supported = typeof window.PublicKeyCredential === 'function' && !!navigator.credentials &&
        typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
        typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';

    function antiforgeryToken(form) {
        var input = form.querySelector('input[name="__RequestVerificationToken"]');
        return input ? input.value : '';
    }

    function fetchOptions(form, url, signal) {
        return fetch(url, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'RequestVerificationToken': antiforgeryToken(form) },
            signal: signal
        }).then(function (response) {
            if (!response.ok) throw new Error('The server answered ' + response.status + '.');
            return response.json();
        });
    }

    function send(form, action, credential) {
        // JSON.stringify calls the credential's toJSON(): base64url fields, as Identity reads them.
        form.querySelector('input[name="credentialJson"]').value = JSON.stringify(credential);
        form.action = action;
        form.submit();
    }

    function show(box, text) {
        box.textContent = text;
        box.classList.remove('d-none');
    }

    function explain(box, button, error) {
        if (error && error.name === 'AbortError') return;
        if (error && error.name === 'NotAllowedError') show(box, button.dataset.msgCancelled);
        else if (error && error.name === 'InvalidStateError' && button.dataset.msgExists) show(box, button.dataset.msgExists);
        else show(box, button.dataset.msgFailed);
    }

    var signIn = document.querySelector('[data-passkey-signin]');
    if (signIn) {
        var loginForm = signIn.closest('form');
        var loginBox = loginForm.querySelector('[data-passkey-message]');
        var pending = null;

        var request = function (mediation) {
            if (pending) pending.abort();
            var controller = new AbortController();
            pending = controller;
            return fetchOptions(loginForm, signIn.dataset.optionsUrl, controller.signal).then(function (json) {
                var options = { publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json), signal: controller.signal };
                if (mediation) options.mediation = mediation;
                return navigator.credentials.get(options);
            }).then(function (credential) {
                if (credential) send(loginForm, signIn.dataset.signinUrl, credential);
            });
        };

        signIn.addEventListener('click', function () {
            loginBox.classList.add('d-none');
            if (!supported) {
                show(loginBox, signIn.dataset.msgUnsupported);
                return;
            }
            signIn.disabled = true;
            request().catch(function (error) { explain(loginBox, signIn, error); })
                .finally(function () { signIn.disabled = false; });
        });

        // The browser offers saved passkeys among the email suggestions (conditional mediation). The request starts when
        // someone uses the field, not on every page load, so an idle sign-in page does not spend the sign-in rate limit.
        var email = loginForm.querySelector('input[autocomplete~="webauthn"]');
        if (email && supported && typeof PublicKeyCredential.isConditionalMediationAvailable === 'function') {
            var startSuggestions = function () {
                email.removeEventListener('pointerdown', startSuggestions);
                email.removeEventListener('keydown', startSuggestions);
                PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
                    // Silent on failure: the person may simply be typing their email and password.
                    if (available && !pending) request('conditional').catch(function () { });
                });
            };
            email.addEventListener('pointerdown', startSuggestions);
            email.addEventListener('keydown', startSuggestions);
        }
    }

    var add = document.querySelector('[data-passkey-add]');
    if (add) {
        var addForm = add.closest('form');
        var addBox = document.querySelector('[data-passkey-message]');
        add.addEventListener('click', function () {
            addBox.classList.add('d-none');
            if (!supported) {
                show(addBox, add.dataset.msgUnsupported);
                return;
            }
            add.disabled = true;
            fetchOptions(addForm, add.dataset.optionsUrl).then(function (json) {
                return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
            }).then(function (credential) {
                if (credential) send(addForm, add.dataset.addUrl, credential);
            }).catch(function (error) {
                explain(addBox, add, error);
            }).finally(function () {
                add.disabled = false;
            });
        });
    }
})();
