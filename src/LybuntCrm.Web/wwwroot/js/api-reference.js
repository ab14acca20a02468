// Draws the API reference from the OpenAPI document with Scalar (served by the app itself: no internet needed).
(function () {
    const target = document.getElementById('api-reference');
    if (!target || !window.Scalar) return;
    window.Scalar.createApiReference(target, {
        url: target.dataset.url,
        withDefaultFonts: false,
        hideClientButton: true,
        showDeveloperTools: 'never',
        telemetry: false,
        layout: 'modern',
        // The app's own fonts: Scalar's come from its servers, which the page may not reach (and the policy refuses).
        customCss: ':root, .light-mode, .dark-mode { --scalar-font: system-ui, "Segoe UI", Roboto, Tahoma, sans-serif; --scalar-font-code: ui-monospace, Menlo, Consolas, monospace; }',
    });
})();
