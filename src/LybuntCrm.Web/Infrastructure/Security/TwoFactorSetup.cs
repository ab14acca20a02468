using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LybuntCrm.Web.Infrastructure.Security;

public static class TwoFactorSetup
{
    public const string RememberCookieName = "lybunt.2fa";
    public static readonly TimeSpan RememberBrowserFor = TimeSpan.FromDays(30);

    /// <summary>
    /// Two-factor sign-in on top of Identity (call after AddIdentity): codes checked on the app's clock, recovery codes kept
    /// as hashes, and the "remember this browser" cookie for 30 days with the same flags as the sign-in cookie.
    /// </summary>
    public static IServiceCollection AddCrmTwoFactor(this IServiceCollection services)
    {
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] =
            new TokenProviderDescriptor(typeof(ClockedAuthenticatorTokenProvider)));
        services.AddTransient<ClockedAuthenticatorTokenProvider>();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, CrmUserStore>());
        services.AddSingleton<TwoFactorPolicy>();
        services.AddScoped<TwoFactorAccounts>();
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o =>
        {
            o.Cookie.Name = RememberCookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = RememberBrowserFor;
            o.SlidingExpiration = false;
        });
        // The short-lived cookie that carries "password accepted, code still to come" between the two steps.
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "lybunt.2fa-pending";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }
}
