using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>A consistent copy of the live SQLite database, taken while the app keeps running.</summary>
public sealed class BackupCommand(CrmDbContext db) : ICommand
{
    public string Name => "backup";
    public string Usage => "backup <file>                consistent online copy of the SQLite database";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        if (!db.IsSqlite)
        {
            await Console.Error.WriteLineAsync("On PostgreSQL use pg_dump (see docs/operations.md).");
            return 2;
        }
        var target = Path.GetFullPath(args.Position(0, "backup file"));
        if (File.Exists(target)) throw new CommandException($"{target} already exists; choose a new file name.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        // VACUUM INTO writes a compact copy from one read transaction, so writers may go on meanwhile.
        await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [target], ct);

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync(ct);
        await using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        var result = (string?)await check.ExecuteScalarAsync(ct);
        if (result != "ok")
        {
            await Console.Error.WriteLineAsync($"The copy failed its integrity check: {result}");
            return 1;
        }
        Console.WriteLine($"Backup written to {target} ({new FileInfo(target).Length / 1024.0 / 1024.0:0.0} MB), integrity ok.");
        return 0;
    }
}
