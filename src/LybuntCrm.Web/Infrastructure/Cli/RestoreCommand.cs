using System.CommandLine;
using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>
/// <c>restore FILE</c>: puts a SQLite backup in place of the current database. The file must pass SQLite's integrity
/// check and come from this version or an earlier one (it is upgraded); the current database is kept aside, and put back
/// if the restored one does not open.
/// </summary>
public sealed class RestoreCommand(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment,
    CrmDbContext db, IClock clock, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var file = new Argument<string>("file") { Description = T("The backup to restore, written by backup or taken before an upgrade.") };
        var restore = new VerbCommand("restore", T("Replaces the SQLite database with a backup, keeping the current one aside; stop the web app first."),
            "restore /var/backups/crm-2026-12-01.db") { file }
            .Runs<RestoreCommand>((verb, p, ct) => verb.RunAsync(p.GetRequiredValue(file), ct));
        // The current database may be the broken one being replaced: it is neither opened nor upgraded first.
        restore.PreparesDatabase = true;
        return restore;
    }

    public async Task<int> RunAsync(string file, CancellationToken ct)
    {
        if (db.Dialect.BackupUnavailableReason is not null)
        {
            await console.Error.WriteLineAsync("On PostgreSQL restore a pg_dump file with pg_restore (see docs/operations.md).");
            return CommandLine.UsageError;
        }
        var source = Path.GetFullPath(file);
        if (!File.Exists(source)) throw new CommandException($"{source} does not exist.");
        var connectionString = Database.ConnectionString(configuration, environment);
        var target = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
        if (source == target) throw new CommandException($"{source} is the current database; name a backup file.");

        if (await CheckBackupAsync(source, ct) is { } problem)
        {
            await console.Error.WriteLineAsync(problem);
            return CommandLine.Failed;
        }

        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        var aside = $"{target}.before-restore-{clock.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var kept = MoveDatabase(target, aside);
        try
        {
            var copying = target + ".restoring";
            File.Copy(source, copying, overwrite: true);
            File.Move(copying, target);
            await Startup.PrepareDatabaseAsync(services, configuration, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            MoveDatabase(target, null);
            if (kept) MoveDatabase(aside, target);
            await console.Error.WriteLineAsync($"The restored database did not open ({e.Message}); the current database is back in place.");
            return CommandLine.Failed;
        }
        await console.Out.WriteLineAsync($"Restored {source} to {target}.");
        if (kept) await console.Out.WriteLineAsync($"The database it replaced is kept at {aside}.");
        return CommandLine.Success;
    }

    /// <summary>Why the file cannot be restored, or null: it must be a sound SQLite file with no migration newer than this version's.</summary>
    private async Task<string?> CheckBackupAsync(string source, CancellationToken ct)
    {
        try
        {
            await using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await backup.OpenAsync(ct);
            await using var check = backup.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            if ((string?)await check.ExecuteScalarAsync(ct) is var result && result != "ok")
                return $"{source} failed its integrity check ({result}); nothing was changed.";

            check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            if ((long)(await check.ExecuteScalarAsync(ct))! == 0) return $"{source} is not a LybuntCrm database; nothing was changed.";
            check.CommandText = "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"";
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            await using var reader = await check.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (!known.Contains(reader.GetString(0)))
                    return $"{source} was made by a newer version (its migration {reader.GetString(0)} is unknown to this one); "
                        + "restore it with that version or a later one. Nothing was changed.";
            return null;
        }
        catch (SqliteException e)
        {
            return $"{source} cannot be read as a SQLite database ({e.Message}); nothing was changed.";
        }
    }

    /// <summary>Moves a database file with its write-ahead log and shared memory, or deletes them when <paramref name="to"/> is null.</summary>
    private static bool MoveDatabase(string from, string? to)
    {
        var moved = File.Exists(from);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (!File.Exists(from + suffix)) continue;
            if (to is null) File.Delete(from + suffix);
            else File.Move(from + suffix, to + suffix);
        }
        return moved;
    }
}
