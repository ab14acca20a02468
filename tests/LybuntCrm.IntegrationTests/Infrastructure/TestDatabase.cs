using Hangfire.PostgreSql;
using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// Which database the integration suite runs on: SQLite files by default; PostgreSQL when
/// LYBUNT_TEST_PROVIDER=Postgres and LYBUNT_TEST_POSTGRES holds a server connection string (scripts/postgres.sh).
/// Each app gets its own database, copied from a migrated template so that set-up stays fast: a file copy on SQLite,
/// <c>CREATE DATABASE ... TEMPLATE</c> on PostgreSQL. A template is named after the last migration (a landed migration is
/// never edited), so a new migration builds a new one; the app still migrates at start, which on a copy finds nothing to do.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;
    private static readonly Lazy<string> SqliteTemplate = new(BuildSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool UsePostgres =>
        string.Equals(Environment.GetEnvironmentVariable("LYBUNT_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LYBUNT_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LYBUNT_TEST_POSTGRES is not set; start a server with scripts/postgres.sh.");

    public static string PostgresConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    /// <summary>Writes a fresh, migrated SQLite database to <paramref name="file"/> (which must not exist yet).</summary>
    public static void CopySqliteTemplate(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(SqliteTemplate.Value, file);
        // Every new database starts its search index version at random (ClientSearchIndex); so does every copy.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE ClientSearchVersion SET Value = random() / 2";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The migrated template file for this build's migrations, built once per name. It is built under a name of its own
    /// and renamed into place, so a test run on another build (or a second run at the same time) never copies half a file.
    /// </summary>
    private static string BuildSqliteTemplate()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lybunt-tests", "templates");
        Directory.CreateDirectory(directory);
        string lastMigration;
        using (var probe = NewSqliteContext("Data Source=:memory:"))
            lastMigration = probe.Database.GetMigrations().Max()!;
        var template = Path.Combine(directory, $"sqlite-{lastMigration}.db");
        if (File.Exists(template)) return template;

        var building = Path.Combine(directory, $"sqlite-{lastMigration}.{Guid.NewGuid():N}.building");
        try
        {
            // No pooling: closing the last connection checkpoints the WAL into the file and removes it, so one file is the database.
            using (var db = NewSqliteContext(new SqliteConnectionStringBuilder { DataSource = building, Pooling = false }.ToString()))
                LybuntCrm.Web.Infrastructure.Database.MigrateAsync(db).GetAwaiter().GetResult();
            if (File.Exists(building + "-wal") || File.Exists(building + "-shm"))
                throw new InvalidOperationException("The SQLite template still has a write-ahead log after it was closed.");
            try { File.Move(building, template); }
            catch (IOException) when (File.Exists(template)) { } // another run built the same template first
        }
        finally
        {
            File.Delete(building);
        }
        return template;
    }

    private static SqliteCrmDbContext NewSqliteContext(string connectionString) =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connectionString).Options);

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
