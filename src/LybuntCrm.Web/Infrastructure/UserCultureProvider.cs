using System.Security.Claims;
using Microsoft.AspNetCore.Localization;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>A signed-in user's chosen language (kept as a claim) wins over the browser's.</summary>
public sealed class UserCultureProvider : RequestCultureProvider
{
    public const string ClaimType = "lybunt:culture";

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var culture = httpContext.User.FindFirstValue(ClaimType);
        return Task.FromResult(string.IsNullOrEmpty(culture) ? null : new ProviderCultureResult(culture));
    }
}
