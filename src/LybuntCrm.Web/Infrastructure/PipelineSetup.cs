using LybuntCrm.Web.Features.Api;
using LybuntCrm.Web.Features.PhoneApp;
using LybuntCrm.Web.Features.Telegram;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.HttpOverrides;
using Serilog;

namespace LybuntCrm.Web.Infrastructure;

public static class PipelineSetup
{
    /// <summary>The middleware, in order: proxy headers, errors, security headers, logging, static files, then who the user is.</summary>
    public static WebApplication UseCrmPipeline(this WebApplication app)
    {
        // Proxy headers are honoured from loopback proxies only (the default known proxies): the scheme marks cookies Secure,
        // and the client address keeps the sign-in rate limit per client rather than one bucket for everyone behind the proxy.
        // Nothing grants access by address, so a request from loopback gets no more rights than any other.
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error");
            app.UseHsts();
        }
        else
        {
            app.UseDeveloperExceptionPage();
        }
        app.UseStatusCodePagesWithReExecute("/StatusCode", "?code={0}");
        app.UseCrmApiErrors();
        app.UseSecurityHeaders();
        app.UseSerilogRequestLogging();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseSetupRedirect();
        app.UseAuthentication();
        // After authentication, so a signed-in user's language (a claim) wins over the cookie and the browser.
        app.UseRequestLocalization();
        app.UseTwoFactorRequirement();
        app.UseAuthorization();
        app.UseOfflinePages();
        return app;
    }

    /// <summary>The health check, the pages, the calendar feed, the Telegram webhook and the jobs dashboard.</summary>
    public static WebApplication MapCrmEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapRazorPages();
        app.MapCalendarFeed();
        app.MapAppManifest();
        app.MapTelegramWebhook();
        app.MapCrmJobsDashboard();
        return app;
    }
}
