using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Data;

/// <summary>
/// Everything that differs between the database providers, in one place: features ask their context's
/// <see cref="CrmDbContext.Dialect"/> for the SQL or the operation instead of asking which provider is in use.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The column type of money in hand-written temporary tables: what the model stores decimals as.</summary>
    public abstract string MoneyColumnType { get; }

    /// <summary>The column type of a date (no time) in hand-written temporary tables.</summary>
    public abstract string DateColumnType { get; }

    /// <summary>SQL for the fiscal year (an integer, the calendar year it starts in) holding <paramref name="date"/>.</summary>
    public abstract string FiscalYearOf(string date, string startMonth);

    /// <summary>SQL for the date of the first day of <paramref name="month"/> in <paramref name="year"/>.</summary>
    public abstract string FirstDayOf(string year, string month);

    /// <summary>SQL for the first day of the fiscal year holding <paramref name="date"/>.</summary>
    public string FiscalYearStartOf(string date, string startMonth) => FirstDayOf(FiscalYearOf(date, startMonth), startMonth);

    /// <summary>SQL for the whole number of days from the date <paramref name="from"/> to the date <paramref name="to"/>.</summary>
    public abstract string DaysBetween(string from, string to);

    /// <summary>SQL for an amount as invariant text with two decimals ("1234.50"), exact for every stored amount.</summary>
    public abstract string MoneyAsText(string amount);

    /// <summary>SQL for the lower-case text after the '@' of an email address.</summary>
    public abstract string EmailDomainOf(string email);

    /// <summary>
    /// SQL for "this column is one of the ids in the parameter", the parameter being <see cref="IdList"/>'s value: one SQL
    /// parameter for any number of ids (SQLite caps the variables of a statement), for hand-written INSERT … SELECT.
    /// </summary>
    public abstract string IdIn(string column, string parameter);

    /// <summary>SQL for a GUID column's value from its text ("d" format): how the model stores a <see cref="Guid"/>.</summary>
    public abstract string GuidFromText(string text);

    /// <summary>The value of the parameter <see cref="IdIn"/> reads.</summary>
    public abstract object IdList(IReadOnlyCollection<int> ids);

    /// <summary>Whether the database keeps a word index of the clients' search text that a search can ask first.</summary>
    public abstract bool HasSearchWordIndex { get; }

    /// <summary>How the model stores values the provider has no exact type for.</summary>
    public abstract void ConfigureConventions(ModelConfigurationBuilder builder);

    /// <summary>What migrations cannot express (search indexes, journal mode), applied after them.</summary>
    public abstract Task AfterMigrateAsync(CrmDbContext db, CancellationToken ct);

    /// <summary>
    /// Raises the page cache of the context's open connection until the returned handle is disposed, for bulk work whose
    /// indexes outgrow the default cache; a no-op where the server manages its own cache.
    /// </summary>
    public abstract Task<IAsyncDisposable> BulkCacheAsync(CrmDbContext db, int megabytes, CancellationToken ct);

    /// <summary>Why the backup command cannot copy this database, and what to use instead; null when it can.</summary>
    public abstract string? BackupUnavailableReason { get; }

    /// <summary>Writes a consistent copy of the live database to <paramref name="target"/> and returns its integrity check ("ok" when sound).</summary>
    public abstract Task<string?> BackUpAsync(CrmDbContext db, string target, CancellationToken ct);

    /// <summary>
    /// Writes rows into a table (a temporary one, usually) on an open connection in its transaction, the fastest way the
    /// provider has: one prepared INSERT run per row on SQLite (no round trips), binary COPY on PostgreSQL.
    /// </summary>
    public abstract Task BulkInsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, string table,
        IReadOnlyList<string> columns, IEnumerable<object[]> rows, CancellationToken ct);

    /// <summary>The purchase import's bulk reads and writes.</summary>
    internal abstract PurchaseBulkWriter PurchaseWriter(CrmDbContext db, int? runId, IClock clock);
}
