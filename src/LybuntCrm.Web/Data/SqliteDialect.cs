using System.Globalization;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Data;

/// <summary>SQLite: dates are ISO text, money is REAL (see <see cref="ConfigureConventions"/>), search has an FTS5 word index.</summary>
public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect() { }

    public override string MoneyColumnType => "REAL";

    public override string DateColumnType => "TEXT";

    public override string FiscalYearOf(string date, string startMonth) =>
        $"CAST(substr({date}, 1, 4) AS INTEGER) - (CAST(substr({date}, 6, 2) AS INTEGER) < {startMonth})";

    public override string FirstDayOf(string year, string month) => $"printf('%04d-%02d-01', {year}, {month})";

    public override string DaysBetween(string from, string to) => $"CAST(julianday({to}) - julianday({from}) AS INTEGER)";

    public override string MoneyAsText(string amount) => $"printf('%.2f', {amount})";

    public override string EmailDomainOf(string email) => $"lower(substr({email}, instr({email}, '@') + 1))";

    // The model stores GUIDs as upper-case text.
    public override string GuidFromText(string text) => $"upper({text})";

    public override string IdIn(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object IdList(IReadOnlyCollection<int> ids) => System.Text.Json.JsonSerializer.Serialize(ids);

    public override bool HasSearchWordIndex => true;

    public override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no decimal type: REAL lets SUM and ORDER BY run in the database.
        builder.Properties<decimal>().HaveConversion<double>();
        builder.Properties<decimal?>().HaveConversion<double?>();
    }

    public override async Task AfterMigrateAsync(CrmDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await ClientSearchIndex.EnsureSqliteAsync(db, ct);
    }

    public override async Task<IAsyncDisposable> BulkCacheAsync(CrmDbContext db, int megabytes, CancellationToken ct)
    {
        var sql = "PRAGMA cache_size = -" + (megabytes * 1024).ToString(CultureInfo.InvariantCulture) + ";";
        await db.Database.ExecuteSqlRawAsync(sql, ct);
        return new CacheRestore(db);
    }

    private sealed class CacheRestore(CrmDbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() =>
            await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{SqlitePragmas.CacheKilobytes};", CancellationToken.None);
    }

    public override string? BackupUnavailableReason => null;

    public override async Task<string?> BackUpAsync(CrmDbContext db, string target, CancellationToken ct)
    {
        // VACUUM INTO writes a compact copy from one read transaction, so writers may go on meanwhile.
        await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", [target], ct);

        await using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await copy.OpenAsync(ct);
        await using var check = copy.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        return (string?)await check.ExecuteScalarAsync(ct);
    }

    public override async Task BulkInsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string table,
        IReadOnlyList<string> columns, IEnumerable<object[]> rows, CancellationToken ct)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        var names = columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", names)})";
        var parameters = names.Select(name =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToList();
        await insert.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++) parameters[i].Value = row[i];
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    internal override PurchaseBulkWriter PurchaseWriter(CrmDbContext db, int? runId, IClock clock) => new SqlitePurchaseWriter(db, runId, clock);
}
