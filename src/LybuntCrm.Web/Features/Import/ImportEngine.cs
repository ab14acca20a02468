using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Csv;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// Reads an import file row by row and creates, updates or skips clients or purchases. A dry run reads and checks
/// everything and writes nothing. A real run commits in chunks; each chunk also records how far the run got, and every
/// row it creates carries the run's id, so an interrupted run can be resumed (re-running is idempotent) or undone.
/// </summary>
public sealed class ImportEngine(CrmDbContext db, IClock clock, ClientChanges changes)
{
    internal CrmDbContext Db { get; } = db;
    internal IClock Clock { get; } = clock;

    public int PurchaseChunkSize { get; set; } = 50_000;
    public int ClientChunkSize { get; set; } = 1_000;

    public async Task<ImportOutcome> RunAsync(ImportKind kind, ImportOptions options, string path, int? runId, string userId,
        bool commit, CancellationToken ct)
    {
        var outcome = new ImportOutcome();
        using var reader = new CsvRowReader(CsvEncoding.OpenReader(File.OpenRead(path), options.Encoding), options.DelimiterChar);
        if (!reader.Read())
        {
            outcome.FileProblem = ImportMessages.FileEmpty;
            return outcome;
        }
        var headerCount = reader.Fields.Count;
        var missing = MissingFields(kind, options);
        if (missing is not null)
        {
            outcome.FileProblem = missing;
            return outcome;
        }
        var rows = new ImportRowSource(reader, headerCount, outcome);
        if (kind == ImportKind.Clients) await new ClientImport(this, options, runId, userId, commit, outcome).RunAsync(rows, ct);
        else await new PurchaseImport(this, options, runId, userId, commit, outcome).RunAsync(rows, ct);
        if (outcome.Total == 0 && outcome.FileProblem is null)
            outcome.FileProblem = ImportMessages.NoDataRows;
        return outcome;
    }

    public static string? MissingFields(ImportKind kind, ImportOptions options)
    {
        if (kind == ImportKind.Clients)
            return options.Column(ImportField.Name) is null ? ImportMessages.MapClientName : null;
        if (options.Column(ImportField.ClientExternalId) is null && options.Column(ImportField.ClientEmail) is null
            && options.Column(ImportField.ClientName) is null)
            return ImportMessages.MapClient;
        if (options.Column(ImportField.Date) is null) return ImportMessages.MapDate;
        if (options.Column(ImportField.Amount) is null) return ImportMessages.MapAmount;
        return null;
    }

    /// <summary>
    /// What follows once a committed run's rows are all written: the clients it touched go through the change pipeline
    /// (lifecycle, facts, LYBUNT flag, their one contact item, owners' follow-ups and plans), in one transaction. The one
    /// place the import reaches beyond its rows.
    /// </summary>
    internal Task AfterRowsAppliedAsync(ImportKind kind, IReadOnlyCollection<int> touchedClientIds, CancellationToken ct) =>
        changes.ImportAppliedAsync(touchedClientIds, purchases: kind == ImportKind.Purchases, ct);

    internal PurchaseBulkWriter PurchaseWriter(int? runId) => Db.Dialect.PurchaseWriter(Db, runId, Clock);
}
