using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.Extensions.Caching.Memory;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// The firm's phone region (an admin setting, "VN" unless set): numbers typed without a country code are read in it, and
/// numbers from it are shown in its national format. Read from the database at most once a minute per instance, and at
/// once after an admin changes it here.
/// </summary>
public sealed class PhoneRegion(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private const string CacheKey = "phone-region";

    /// <summary>The two-letter region ("VN", "IR", "GB").</summary>
    public string Code => cache.GetOrCreate(CacheKey, entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return Read(db.Settings.Where(s => s.Key == SettingKeys.DefaultPhoneRegion).Select(s => s.Value).FirstOrDefault());
    })!;

    /// <summary>The stored value as a region, falling back to <see cref="Phones.DefaultRegion"/> (for jobs reading it themselves).</summary>
    public static string Read(string? stored) =>
        Phones.IsKnownRegion(stored) ? stored!.ToUpperInvariant() : Phones.DefaultRegion;

    /// <summary>Sets the region, in the caller's unit of work.</summary>
    public async Task SetAsync(CrmDbContext db, string code, CancellationToken ct)
    {
        await db.SetSettingAsync(SettingKeys.DefaultPhoneRegion, code.ToUpperInvariant(), ct);
        cache.Remove(CacheKey);
    }
}
