using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// What an upgrade of the database will apply and, on SQLite, the checked copy taken before it does: migrations only move
/// forward, so the way back from a failed or unwanted upgrade is this copy (<c>restore</c>).
/// </summary>
public sealed record DatabaseUpgrade(IReadOnlyList<string> Pending, string? BackupPath)
{
    /// <summary>Where the copies taken before upgrades go, under the data directory.</summary>
    public const string BackupFolder = "backups";

    public static async Task<DatabaseUpgrade> PrepareAsync(CrmDbContext db, string dataDirectory, IClock clock, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        // A new database has nothing to lose; PostgreSQL is backed up with its own tools (pg_dump).
        if (pending.Count == 0 || db.Dialect.BackupUnavailableReason is not null || !(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
            return new DatabaseUpgrade(pending, null);

        var directory = Path.Combine(dataDirectory, BackupFolder);
        Directory.CreateDirectory(directory);
        var stamp = clock.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"lybunt-before-{pending[0]}-{stamp}.db");
        if (File.Exists(path)) File.Delete(path); // a copy from this same second that failed half-way
        var check = await db.Dialect.BackUpAsync(db, path, ct);
        if (check != "ok")
            throw new InvalidOperationException($"The copy taken before the upgrade failed its integrity check ({check}); nothing was changed.");
        return new DatabaseUpgrade(pending, path);
    }
}
