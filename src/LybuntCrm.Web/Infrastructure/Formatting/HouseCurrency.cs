using LybuntCrm.Web.Data;
using Microsoft.Extensions.Caching.Memory;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// The firm's own currency (an admin setting): totals over purchases (revenue at risk, figures, charts) are shown in it, and
/// new purchases start in it. Unset, totals are plain numbers. Read from the database at most once a minute per instance, and
/// at once after an admin changes it here.
/// </summary>
public sealed class HouseCurrency(IServiceScopeFactory scopes, IMemoryCache cache)
{
    private const string CacheKey = "house-currency";

    /// <summary>The currency code ("VND"), or null when none is set.</summary>
    public string? Code => cache.GetOrCreate(CacheKey, entry =>
    {
        entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var value = db.Settings.Where(s => s.Key == SettingKeys.HouseCurrency).Select(s => s.Value).FirstOrDefault();
        return string.IsNullOrWhiteSpace(value) ? null : value;
    });

    /// <summary>Sets (or, with null, clears) the currency, in the caller's unit of work.</summary>
    public async Task SetAsync(CrmDbContext db, string? code, CancellationToken ct)
    {
        await db.SetSettingAsync(SettingKeys.HouseCurrency, code ?? "", ct);
        cache.Remove(CacheKey);
    }
}
