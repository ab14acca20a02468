using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.Data.Sqlite;

namespace LybuntCrm.IntegrationTests.Cli;

public sealed class BackupCommandTests
{
    [SqliteFact]
    public async Task Backup_writes_a_sound_copy_that_holds_the_clients()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Backed Up Ltd"));
        var target = Path.Combine(Path.GetTempPath(), "lybunt-backup-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var exitCode = await CommandLine.RunAsync(app.Services, ["backup", target], new CommandConsole { Out = TextWriter.Null, Error = TextWriter.Null });

            exitCode.Should().Be(0);
            await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await copy.OpenAsync();
            await using var count = copy.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM \"Clients\" WHERE \"Name\" = 'Backed Up Ltd'";
            ((long)(await count.ExecuteScalarAsync())!).Should().Be(1);
        }
        finally
        {
            File.Delete(target);
        }
    }

    [SqliteFact]
    public async Task A_backup_that_cannot_be_written_exits_with_1_and_the_reason_on_standard_error()
    {
        using var app = new CrmApp();
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Nobody, not even root, can create a folder under /proc: the work fails, the call itself was right.
        var exitCode = await CommandLine.RunAsync(app.Services, ["backup", "/proc/lybunt-no-such-folder/backup.db"],
            new CommandConsole { Out = output, Error = error });

        exitCode.Should().Be(1);
        error.ToString().Should().StartWith("Failed: ").And.Contain("lybunt-no-such-folder");
        output.ToString().Should().BeEmpty();
    }

    [PostgresFact]
    public async Task Backup_on_postgres_refuses_and_points_to_pg_dump()
    {
        using var app = new CrmApp();
        var target = Path.Combine(Path.GetTempPath(), "lybunt-backup-" + Guid.NewGuid().ToString("N") + ".db");

        var exitCode = await CommandLine.RunAsync(app.Services, ["backup", target], new CommandConsole { Out = TextWriter.Null, Error = TextWriter.Null });

        exitCode.Should().Be(2);
        File.Exists(target).Should().BeFalse();
    }
}
