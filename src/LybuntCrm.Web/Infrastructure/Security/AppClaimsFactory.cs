using System.Security.Claims;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>Puts the display name, chosen language and calendar into the sign-in cookie.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "lybunt:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(UserCultureProvider.ClaimType, user.Culture));
        if (user.UseSolarHijri) identity.AddClaim(new Claim(Formatting.DisplayFormat.CalendarClaim, Formatting.DisplayFormat.SolarHijri));
        return identity;
    }
}
