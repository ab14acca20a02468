using LybuntCrm.Web.Data;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary>A consistent copy of the live SQLite database, taken while the app keeps running.</summary>
public sealed class BackupCommand(CrmDbContext db) : ICommand
{
    public string Name => "backup";
    public string Usage => "backup <file>                consistent online copy of the SQLite database";

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct)
    {
        if (db.Dialect.BackupUnavailableReason is { } reason)
        {
            await Console.Error.WriteLineAsync(reason);
            return 2;
        }
        var target = Path.GetFullPath(args.Position(0, "backup file"));
        if (File.Exists(target)) throw new CommandException($"{target} already exists; choose a new file name.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var result = await db.Dialect.BackUpAsync(db, target, ct);
        if (result != "ok")
        {
            await Console.Error.WriteLineAsync($"The copy failed its integrity check: {result}");
            return 1;
        }
        Console.WriteLine($"Backup written to {target} ({new FileInfo(target).Length / 1024.0 / 1024.0:0.0} MB), integrity ok.");
        return 0;
    }
}
