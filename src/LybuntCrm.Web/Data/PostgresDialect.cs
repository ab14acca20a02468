using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Data;

/// <summary>PostgreSQL: real date and numeric types; search uses a trigram index on the search text itself.</summary>
public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect() { }

    public override string MoneyColumnType => "numeric";

    public override string DateColumnType => "date";

    public override string FiscalYearOf(string date, string startMonth) =>
        $"CAST(EXTRACT(YEAR FROM {date}) AS integer) - CASE WHEN EXTRACT(MONTH FROM {date}) < {startMonth} THEN 1 ELSE 0 END";

    public override string FirstDayOf(string year, string month) => $"make_date({year}, {month}, 1)";

    // date - date is a whole number of days.
    public override string DaysBetween(string from, string to) => $"({to} - {from})";

    public override string MoneyAsText(string amount) => $"CAST(round({amount}, 2) AS text)";

    public override string EmailDomainOf(string email) => $"lower(split_part({email}, '@', 2))";

    public override string GuidFromText(string text) => $"CAST({text} AS uuid)";

    public override string IdIn(string column, string parameter) => $"{column} = ANY({parameter})";

    public override object IdList(IReadOnlyCollection<int> ids) => ids.ToArray();

    public override bool HasSearchWordIndex => false;

    public override void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<decimal>().HavePrecision(18, 2);

    public override Task AfterMigrateAsync(CrmDbContext db, CancellationToken ct) => ClientSearchIndex.EnsurePostgresAsync(db, ct);

    // The server sizes its own shared buffers.
    public override Task<IAsyncDisposable> BulkCacheAsync(CrmDbContext db, int megabytes, CancellationToken ct) =>
        Task.FromResult<IAsyncDisposable>(NoCacheChange.Instance);

    private sealed class NoCacheChange : IAsyncDisposable
    {
        public static readonly NoCacheChange Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public override string? BackupUnavailableReason => "On PostgreSQL use pg_dump (see docs/operations.md).";

    public override Task<string?> BackUpAsync(CrmDbContext db, string target, CancellationToken ct) =>
        throw new NotSupportedException(BackupUnavailableReason);

    public override async Task BulkInsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string table,
        IReadOnlyList<string> columns, IEnumerable<object[]> rows, CancellationToken ct)
    {
        await using var copy = await ((Npgsql.NpgsqlConnection)connection).BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            foreach (var value in row)
            {
                // Typed, so that COPY never guesses: the temporary tables hold integers and text.
                if (value is int number) await copy.WriteAsync(number, NpgsqlTypes.NpgsqlDbType.Integer, ct);
                else if (value is string text) await copy.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, ct);
                else await copy.WriteAsync(value, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    internal override PurchaseBulkWriter PurchaseWriter(CrmDbContext db, int? runId, IClock clock) => new PostgresPurchaseWriter(db, runId, clock);
}
