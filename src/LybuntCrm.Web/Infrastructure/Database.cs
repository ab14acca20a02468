using System.Data.Common;
using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LybuntCrm.Web.Infrastructure;

public static class Database
{
    public const string SqliteProvider = "Sqlite";

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["App:DataDirectory"];
        var dir = string.IsNullOrWhiteSpace(configured) ? Path.Combine(environment.ContentRootPath, "data") : configured;
        return Path.GetFullPath(dir);
    }

    public static string SqliteConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var dir = DataDirectory(configuration, environment);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "lybunt.db") }.ToString();
    }

    public static IServiceCollection AddCrmDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration["Database:Provider"] ?? SqliteProvider;
        if (!provider.Equals(SqliteProvider, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use '{SqliteProvider}'.");

        var connectionString = SqliteConnectionString(configuration, environment);
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(file) && file != ":memory:")
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);

        services.AddDbContext<CrmDbContext, SqliteCrmDbContext>(o => o
            .UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(60))
            .AddInterceptors(SqlitePragmas.Instance));
        return services;
    }

    /// <summary>Applies migrations and the pieces migrations cannot express (the search index, WAL mode).</summary>
    public static async Task MigrateAsync(CrmDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.IsSqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await ClientSearchIndex.EnsureSqliteAsync(db, ct);
        }
    }
}

/// <summary>Sets per-connection SQLite options: a generous busy timeout so concurrent writers wait instead of failing.</summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    public const int CacheKilobytes = 20000;
    private const string Pragmas = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-20000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
