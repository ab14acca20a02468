using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary>The way back: <c>restore</c> of a backup, and the copy <c>migrate</c> takes before it upgrades a database.</summary>
public sealed class RestoreCommandTests
{
    [SqliteFact]
    public async Task Restore_puts_a_backup_in_place_and_keeps_the_replaced_database_aside()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Before The Backup Ltd"));
        var backup = NewFile();
        (await RunAsync(app, "backup", backup)).ExitCode.Should().Be(0);
        await app.AddAsync(Lybunt.NewClient(managerId, "After The Backup Ltd"));

        var (exitCode, output, error) = await RunAsync(app, "restore", backup);

        exitCode.Should().Be(0, error);
        var names = await app.WithDbAsync(db => db.Clients.Select(c => c.Name).ToListAsync());
        names.Should().Contain("Before The Backup Ltd").And.NotContain("After The Backup Ltd");
        var aside = Directory.GetFiles(app.DataDirectory, "lybunt.db.before-restore-*").Should().ContainSingle().Subject;
        output.Should().Contain(aside);
        (await CountAsync(aside, "SELECT COUNT(*) FROM \"Clients\" WHERE \"Name\" = 'After The Backup Ltd'")).Should().Be(1);
    }

    [SqliteFact]
    public async Task Restore_refuses_a_damaged_file_and_changes_nothing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.AddAsync(Lybunt.NewClient(managerId, "Still Here Ltd"));
        var damaged = NewFile();
        await File.WriteAllBytesAsync(damaged, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);

        var (exitCode, _, error) = await RunAsync(app, "restore", damaged);

        exitCode.Should().Be(1);
        error.Should().Contain(damaged).And.Contain("nothing was changed");
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Name == "Still Here Ltd"))).Should().Be(1);
        Directory.GetFiles(app.DataDirectory, "lybunt.db.before-restore-*").Should().BeEmpty();
    }

    [SqliteFact]
    public async Task Restore_refuses_a_backup_made_by_a_newer_version()
    {
        using var app = new CrmApp();
        var backup = NewFile();
        (await RunAsync(app, "backup", backup)).ExitCode.Should().Be(0);
        await using (var file = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            await file.OpenAsync();
            await using var newer = file.CreateCommand();
            newer.CommandText = "INSERT INTO \"__EFMigrationsHistory\" VALUES ('29991231000000_FromTheFuture', '10.0.0')";
            await newer.ExecuteNonQueryAsync();
        }

        var (exitCode, _, error) = await RunAsync(app, "restore", backup);

        exitCode.Should().Be(1);
        error.Should().Contain("newer version").And.Contain("29991231000000_FromTheFuture");
    }

    [PostgresFact]
    public async Task Restore_on_postgres_points_to_pg_restore()
    {
        using var app = new CrmApp();

        var (exitCode, _, error) = await RunAsync(app, "restore", NewFile());

        exitCode.Should().Be(2);
        error.Should().Contain("pg_restore");
    }

    [SqliteFact]
    public async Task Migrate_lists_what_it_applies_and_first_copies_the_database_as_it_was()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "lybunt.db");
        string last;
        await using (var db = new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={file};Pooling=False").Options))
        {
            var migrations = db.Database.GetMigrations().ToList();
            last = migrations[^1];
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
        }
        try
        {
            var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["App__DataDirectory"] = dataDirectory };
            var (exitCode, output, error, _) = await AppProcess.CaptureCommandAsync(env, TimeSpan.FromSeconds(90), "migrate");

            exitCode.Should().Be(0, error);
            output.Should().Contain($"Applying 1 migration(s): {last}").And.Contain("Database is up to date.");
            var copy = Directory.GetFiles(Path.Combine(dataDirectory, "backups")).Should().ContainSingle().Subject;
            output.Should().Contain(copy);
            (await CountAsync(copy, $"SELECT COUNT(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'")).Should().Be(0);
            (await CountAsync(file, $"SELECT COUNT(*) FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{last}'")).Should().Be(1);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string NewFile() => Path.Combine(Path.GetTempPath(), "lybunt-restore-" + Guid.NewGuid().ToString("N") + ".db");

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(CrmApp app, params string[] arguments)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(app.Services, arguments, new CommandConsole { Out = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static async Task<long> CountAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
