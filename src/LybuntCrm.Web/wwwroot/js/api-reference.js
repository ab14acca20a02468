// Draws the API reference from the OpenAPI document with Scalar (served by the app itself: no internet needed).
(function () {
    const target = document.getElementById('api-reference');
    if (!target || !window.Scalar) return;
    window.Scalar.createApiReference(target, {
        url: target.dataset.url,
        withDefaultFonts: false,
        hideClientButton: true,
        showDeveloperTools: 'never',
        // No hosted assistant: the reference works without the internet and sends nothing out.
        agent: { disabled: true },
        mcp: { disabled: true },
        telemetry: false,
        layout: 'modern',
        // System fonts: Scalar's web fonts live on its servers, which the app's policy refuses (there may be no internet).
        customCss: ':root, .light-mode, .dark-mode { --scalar-font: system-ui, "Segoe UI", Roboto, Tahoma, sans-serif; --scalar-font-code: ui-monospace, Menlo, Consolas, monospace; }',
    });
})();
