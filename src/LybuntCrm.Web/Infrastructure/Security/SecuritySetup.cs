using System.Threading.RateLimiting;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Infrastructure.Security;

public static class SecuritySetup
{
    /// <summary>Accounts (Identity), the sign-in and antiforgery cookies, data protection keys, policies and the sign-in rate limit.</summary>
    public static IServiceCollection AddCrmSecurity(this IServiceCollection services)
    {
        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                // Version 3 adds the passkeys table (AspNetUserPasskeys).
                o.Stores.SchemaVersion = IdentitySchema.Version;
            })
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        services.AddScoped<UserAccounts>();
        services.AddCrmSessions();
        services.AddCrmTwoFactor();
        services.AddCrmPasskeys();
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "lybunt.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            // A refused request answers 403 (rendered by the status code page) instead of redirecting.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddDataProtection().SetApplicationName("LybuntCrm").PersistKeysToDbContext<CrmDbContext>();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "lybunt.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // Antiforgery's default is never Secure; mark it Secure whenever the request came over HTTPS, as the sign-in cookie is.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Policies.Login, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) }));
        });
        return services;
    }
}
