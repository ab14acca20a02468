using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// Leases on work one app instance does at a time. Taking or renewing one is a single conditional UPDATE (or an INSERT
/// that the primary key lets only one instance win), so two instances never both hold it.
/// </summary>
public sealed class ServiceLeases(CrmDbContext db, IClock clock)
{
    /// <summary>Takes the lease, or renews it for its holder, until now + <paramref name="duration"/>; false when another holds it.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var until = now + duration;
        var taken = await db.ServiceLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAtUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), ct);
        if (taken == 1) return true;
        return await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "ServiceLeases" ("Name", "Holder", "ExpiresAtUtc") VALUES ({name}, {holder}, {until})
            ON CONFLICT ("Name") DO NOTHING
            """, ct) == 1;
    }

    /// <summary>Gives the lease up, so another instance need not wait for it to expire.</summary>
    public Task ReleaseAsync(string name, string holder, CancellationToken ct = default) =>
        db.ServiceLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(ct);
}
