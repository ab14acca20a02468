using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.Extensions.Caching.Memory;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// The admin setting "Require two-factor sign-in" and whom it applies to. Read from the database at most once a minute per
/// instance, and at once after an admin changes it here.
/// </summary>
public sealed class TwoFactorPolicy(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private const string CacheKey = "two-factor-requirement";

    public TwoFactorRequirement Requirement => cache.GetOrCreate(CacheKey, entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var value = db.Settings.Where(s => s.Key == SettingKeys.TwoFactorRequirement).Select(s => s.Value).FirstOrDefault();
        return Enum.TryParse<TwoFactorRequirement>(value, out var requirement) && Enum.IsDefined(requirement) ? requirement : TwoFactorRequirement.Nobody;
    });

    public bool AppliesTo(ClaimsPrincipal user) => Applies(Requirement, user.IsInRole(Roles.Admin));

    public bool AppliesTo(string? role) => Applies(Requirement, role == Roles.Admin);

    private static bool Applies(TwoFactorRequirement requirement, bool isAdmin) => requirement switch
    {
        TwoFactorRequirement.Everyone => true,
        TwoFactorRequirement.Admins => isAdmin,
        _ => false,
    };

    /// <summary>Changes the setting in the caller's unit of work and saves it.</summary>
    public async Task SetAsync(CrmDbContext db, TwoFactorRequirement requirement, CancellationToken ct)
    {
        await db.SetSettingAsync(SettingKeys.TwoFactorRequirement, requirement.ToString(), ct);
        cache.Remove(CacheKey);
    }
}
