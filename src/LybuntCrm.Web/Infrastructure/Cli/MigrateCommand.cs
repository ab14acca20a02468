using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Infrastructure.Cli;

/// <summary><c>migrate</c>: creates or upgrades the database and exits, e.g. before a deployment starts the app.</summary>
public sealed class MigrateCommand(IServiceProvider services, IConfiguration configuration, CommandConsole console)
{
    public static VerbCommand Define()
    {
        var migrate = new VerbCommand("migrate", T("Creates or upgrades the database."),
            "migrate", "--Database:Provider=Postgres migrate --ConnectionStrings:Default=\"Host=db;Database=crm\"")
            .Runs<MigrateCommand>((verb, _, ct) => verb.RunAsync(ct));
        migrate.PreparesDatabase = true;
        return migrate;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        await Startup.PrepareDatabaseAsync(services, configuration, ct, async plan =>
        {
            if (plan.Pending.Count == 0) return;
            await console.Out.WriteLineAsync($"Applying {plan.Pending.Count} migration(s): {string.Join(", ", plan.Pending)}");
            if (plan.BackupPath is not null)
                await console.Out.WriteLineAsync($"The database as it was is copied to {plan.BackupPath} (integrity ok); restore it with: restore {plan.BackupPath}");
        });
        await console.Out.WriteLineAsync("Database is up to date.");
        return CommandLine.Success;
    }
}
