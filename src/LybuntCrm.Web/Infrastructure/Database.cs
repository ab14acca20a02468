using System.Data.Common;
using LybuntCrm.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LybuntCrm.Web.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

public static class Database
{
    public static DatabaseProvider Provider(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{value}'.");
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["App:DataDirectory"];
        var dir = string.IsNullOrWhiteSpace(configured) ? Path.Combine(environment.ContentRootPath, "data") : configured;
        return Path.GetFullPath(dir);
    }

    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Provider(configuration) == DatabaseProvider.Postgres)
            throw new InvalidOperationException("ConnectionStrings:Default is required when Database:Provider is Postgres.");
        var dir = DataDirectory(configuration, environment);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "lybunt.db") }.ToString();
    }

    /// <summary>Applies migrations and the pieces migrations cannot express (search indexes, WAL mode).</summary>
    public static async Task MigrateAsync(CrmDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        await db.Dialect.AfterMigrateAsync(db, ct);
    }
}

/// <summary>
/// Sets per-connection SQLite options: a generous busy timeout so concurrent writers wait instead of failing, and an
/// optional size quota (<c>Database:MaxPageCount</c>, pages of 4 KB) that makes the database report "full" like a full disk.
/// </summary>
public sealed class SqlitePragmas(long? maxPageCount = null, int mmapMegabytes = SqlitePragmas.DefaultMmapMegabytes) : DbConnectionInterceptor
{
    /// <summary>
    /// Reads through a memory map: pages come straight from the operating system's cache instead of being copied into
    /// each connection's own cache, which makes long index reads (broad searches) about a third cheaper.
    /// </summary>
    public const int DefaultMmapMegabytes = 1024;

    public const int CacheKilobytes = 20000;

    private readonly string _pragmas = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-" + CacheKilobytes + ";"
        + " PRAGMA mmap_size=" + (mmapMegabytes * 1024L * 1024L).ToString(System.Globalization.CultureInfo.InvariantCulture) + ";"
        + (maxPageCount is { } pages ? $" PRAGMA max_page_count={pages};" : "");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
