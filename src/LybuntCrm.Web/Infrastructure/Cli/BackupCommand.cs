using System.CommandLine;
using LybuntCrm.Web.Data;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary><c>backup FILE</c>: a consistent copy of the live SQLite database, taken while the app keeps running.</summary>
public sealed class BackupCommand(CrmDbContext db, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var file = new Argument<string>("file") { Description = T("The new file to write; an existing file is never overwritten.") };
        return new VerbCommand("backup", T("Copies the SQLite database while the app keeps running, and checks the copy."),
            "backup /var/backups/crm-$(date +%F).db") { file }
            .Runs<BackupCommand>((verb, p, ct) => verb.RunAsync(p.GetRequiredValue(file), ct));
    }

    public async Task<int> RunAsync(string file, CancellationToken ct)
    {
        if (db.Dialect.BackupUnavailableReason is { } reason)
        {
            // Not a failure of the copy: the verb does not apply to this database, so the call itself is wrong.
            await console.Error.WriteLineAsync(reason);
            return CommandLine.UsageError;
        }
        var target = Path.GetFullPath(file);
        if (File.Exists(target)) throw new CommandException($"{target} already exists; choose a new file name.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await CommandProgress.ShowAsync(console, db.Dialect.BackUpAsync(db, target, ct),
            () => Task.FromResult($"Copying to {target}… {started.Elapsed.TotalSeconds:0} s"));
        if (result != "ok")
        {
            await console.Error.WriteLineAsync($"The copy failed its integrity check: {result}");
            return CommandLine.Failed;
        }
        await console.Out.WriteLineAsync($"Backup written to {target} ({new FileInfo(target).Length / 1024.0 / 1024.0:0.0} MB), integrity ok.");
        return CommandLine.Success;
    }
}
