using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;

namespace LybuntCrm.Web.Infrastructure.Security;

public static class SessionSetup
{
    /// <summary>How long a password reset link works; it also stops working once used (the security stamp changes).</summary>
    public static readonly TimeSpan PasswordResetLinkLifetime = TimeSpan.FromHours(2);

    /// <summary>Signed-in browsers recorded per sign-in cookie, password reset links and the rate limit of the reset pages.</summary>
    public static IServiceCollection AddCrmSessions(this IServiceCollection services)
    {
        services.AddScoped<UserSessions>();
        services.AddScoped<Features.Account.PasswordResetEmail>();
        services.AddSingleton<RecentSessionChecks>();
        // After every other configuration, so the session events wrap whatever events the sign-in cookie was given.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o => SessionCookieEvents.Attach(o.Events));
        services.PostConfigure<SecurityStampValidatorOptions>(o =>
        {
            // The stamp check rebuilds the principal every minute; the session it belongs to goes with it.
            var refreshing = o.OnRefreshingPrincipal;
            o.OnRefreshingPrincipal = async context =>
            {
                if (refreshing is not null) await refreshing(context);
                if (UserSessions.IdOf(context.CurrentPrincipal) is { } sessionId && context.NewPrincipal?.Identity is ClaimsIdentity identity
                    && identity.FindFirst(UserSessions.ClaimType) is null)
                    identity.AddClaim(new Claim(UserSessions.ClaimType, sessionId));
            };
        });
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PasswordResetLinkLifetime);
        // The same shape as the sign-in page's limit, in a bucket of its own.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(Policies.PasswordReset, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) })));
        return services;
    }
}
