using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// The environment of the app run as separate processes (<see cref="AppProcess"/> or a command-line verb) on the suite's
/// database: a SQLite file (a copy of the migrated template) in a fresh temporary folder, or a fresh PostgreSQL database in the PostgreSQL pass.
/// The first admin is <see cref="CrmApp.AdminEmail"/> with <see cref="CrmApp.Password"/>.
/// </summary>
public sealed class ProcessEnvironment : IDisposable
{
    public ProcessEnvironment(IDictionary<string, string?>? settings = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "lybunt-process", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Variables = new Dictionary<string, string>
        {
            ["App__DataDirectory"] = DataDirectory,
            ["Clock__Today"] = "2026-06-15",
            ["Admin__Email"] = CrmApp.AdminEmail,
            ["Admin__Password"] = CrmApp.Password,
            ["Jobs__RunServer"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        if (TestDatabase.UsePostgres)
        {
            PostgresDatabase = "lybunt_p_" + Guid.NewGuid().ToString("N");
            TestDatabase.CreatePostgres(PostgresDatabase);
            Variables["Database__Provider"] = "Postgres";
            Variables["ConnectionStrings__Default"] = TestDatabase.PostgresConnectionString(PostgresDatabase);
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            var name = key.Replace(":", "__", StringComparison.Ordinal);
            if (value is null) Variables.Remove(name);
            else Variables[name] = value;
        }
        if (PostgresDatabase is null && Variables.GetValueOrDefault("App__DataDirectory") == DataDirectory
            && !Variables.ContainsKey("ConnectionStrings__Default"))
            TestDatabase.CopySqliteTemplate(SqliteFile);
    }

    public string Root { get; }
    public string DataDirectory => Path.Combine(Root, "data");
    public string SqliteFile => Path.Combine(DataDirectory, "lybunt.db");
    public string? PostgresDatabase { get; }
    public Dictionary<string, string> Variables { get; }

    public Task<AppProcess> StartAppAsync() => AppProcess.StartAsync(Variables);

    /// <summary>A database context on the processes' database, for arranging and checking from the test.</summary>
    public CrmDbContext Db() => PostgresDatabase is null
        ? new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite($"Data Source={SqliteFile};Pooling=False").Options)
        : new PostgresCrmDbContext(new DbContextOptionsBuilder<PostgresCrmDbContext>()
            .UseNpgsql(TestDatabase.PostgresConnectionString(PostgresDatabase)).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (PostgresDatabase is not null) TestDatabase.DropPostgres(PostgresDatabase);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
