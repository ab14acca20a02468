using Hangfire.PostgreSql;
using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Which database the integration suite runs on: SQLite files by default; PostgreSQL when
/// LYBUNT_TEST_PROVIDER=Postgres and LYBUNT_TEST_POSTGRES holds a server connection string (scripts/postgres.sh).
/// On PostgreSQL each app gets its own database, copied from a migrated template so that set-up stays fast.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("LYBUNT_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LYBUNT_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LYBUNT_TEST_POSTGRES is not set; start a server with scripts/postgres.sh.");

    public static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates a fresh, migrated database with the given name.</summary>
    public static void CreatePostgres(string database)
    {
        var template = EnsureTemplate();
        Execute($"CREATE DATABASE \"{database}\" TEMPLATE \"{template}\"");
    }

    public static void DropPostgres(string database)
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static string EnsureTemplate()
    {
        TemplateLock.Wait();
        try
        {
            if (_template is not null) return _template;
            using var probe = NewContext(ServerConnectionString);
            var lastMigration = probe.Database.GetMigrations().Max()!;
            var name = "lybunt_tpl_" + lastMigration.ToLowerInvariant();
            if (!Exists(name))
            {
                var building = name + "_building";
                Execute($"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)");
                Execute($"CREATE DATABASE \"{building}\"");
                var connectionString = PostgresConnectionString(building);
                using (var db = NewContext(connectionString))
                    LybuntCrm.Web.Infrastructure.Database.MigrateAsync(db).GetAwaiter().GetResult();
                using (var connection = new NpgsqlConnection(connectionString))
                {
                    connection.Open();
                    PostgreSqlObjectsInstaller.Install(connection, "hangfire");
                }
                NpgsqlConnection.ClearAllPools();
                Execute($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"");
            }
            return _template = name;
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static PostgresCrmDbContext NewContext(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql(connectionString).Options);

    private static bool Exists(string database)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return command.ExecuteScalar() is not null;
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
