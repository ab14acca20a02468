using System.Security.Claims;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Ties the sign-in cookie to a <see cref="UserSession"/> row. Hooked on the cookie itself, so every way of signing in
/// (password, a second factor, a passkey) starts a session, and every request is refused once its session has ended.
/// The events already set (Identity's security stamp check) keep running first.
/// </summary>
public static class SessionCookieEvents
{
    public static void Attach(CookieAuthenticationEvents events)
    {
        var signingIn = events.OnSigningIn;
        events.OnSigningIn = async context =>
        {
            await signingIn(context);
            await StartOrKeepAsync(context);
        };

        var validatePrincipal = events.OnValidatePrincipal;
        events.OnValidatePrincipal = async context =>
        {
            var sessionId = UserSessions.IdOf(context.Principal);
            var userId = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            await validatePrincipal(context);
            var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
            if (context.Principal is null)
            {
                // The security stamp changed (deactivated, new password, new role): the list shows this browser signed out.
                if (sessionId is not null && userId is not null) await sessions.EndAsync(userId, sessionId, SessionEndReason.AccountChanged);
                return;
            }
            // A cookie without a session (issued before sessions were recorded) or with an ended one is refused.
            if (sessionId is null || userId is null
                || !await sessions.IsOpenAsync(sessionId, userId, context.HttpContext.Connection.RemoteIpAddress?.ToString()))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
            }
        };

        var signingOut = events.OnSigningOut;
        events.OnSigningOut = async context =>
        {
            await signingOut(context);
            var user = context.HttpContext.User;
            if (UserSessions.IdOf(user) is { } sessionId && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
                await context.HttpContext.RequestServices.GetRequiredService<UserSessions>().EndAsync(userId, sessionId, SessionEndReason.SignedOut);
        };
    }

    /// <summary>
    /// A new sign-in starts a session; a refreshed one (the same cookie re-issued after a profile or language change)
    /// keeps the session it had, found in the cookie's properties.
    /// </summary>
    private static async Task StartOrKeepAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
        var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        if (userId is null) return;
        var sessions = context.HttpContext.RequestServices.GetRequiredService<UserSessions>();
        string? sessionId = null;
        if (context.Properties.Items.TryGetValue(UserSessions.PropertiesKey, out var kept) && kept is not null
            && await sessions.BelongsOpenAsync(kept, userId))
            sessionId = kept;
        sessionId ??= await sessions.StartAsync(userId, context.HttpContext.Connection.RemoteIpAddress?.ToString(),
            context.HttpContext.Request.Headers.UserAgent.ToString());
        foreach (var old in identity.FindAll(UserSessions.ClaimType).ToList()) identity.RemoveClaim(old);
        identity.AddClaim(new Claim(UserSessions.ClaimType, sessionId));
        context.Properties.Items[UserSessions.PropertiesKey] = sessionId;
    }
}
