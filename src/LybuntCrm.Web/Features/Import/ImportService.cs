using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Csv;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Import;

/// <summary>The import workflow shared by the pages, the background job and the command line.</summary>
public sealed partial class ImportService(CrmDbContext db, ImportEngine engine, IClock clock, IConfiguration configuration, Webhooks.WebhookEvents webhooks,
    IWebHostEnvironment environment, LybuntCrm.Web.Infrastructure.Changes.ClientChanges changes,
    LybuntCrm.Web.Infrastructure.Formatting.HouseCurrency houseCurrency, ILogger<ImportService> logger)
{
    public const int DefaultMaxFileMegabytes = 200;
    private const string MappingPrefix = "Import.Mapping.";

    public static long MaxFileBytes(IConfiguration configuration) =>
        configuration.GetValue("Import:MaxFileMegabytes", DefaultMaxFileMegabytes) * 1024L * 1024L;

    public long MaxBytes => MaxFileBytes(configuration);
    public int MaxMegabytes => (int)(MaxBytes / (1024 * 1024));

    public string UploadDirectory => Path.Combine(Database.DataDirectory(configuration, environment), "imports");

    /// <summary>Stores an uploaded file, reads its header and guesses how to read it. Returns the new run or a plain message.</summary>
    public async Task<(ImportRun? Run, string? Error)> CreateAsync(Stream content, string fileName, ImportKind kind, string userId, CancellationToken ct)
    {
        Directory.CreateDirectory(UploadDirectory);
        var path = Path.Combine(UploadDirectory, $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}.csv");
        var buffer = new byte[1 << 16];
        long total = 0;
        await using (var file = File.Create(path))
        {
            int n;
            while ((n = await content.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
                if (total > MaxBytes)
                {
                    file.Close();
                    File.Delete(path);
                    return (null, ImportMessages.Format(ImportMessages.FileTooLarge, MaxMegabytes));
                }
                await file.WriteAsync(buffer.AsMemory(0, n), ct);
            }
        }
        var (options, error) = await SniffAsync(path, kind, ct);
        if (error is not null)
        {
            File.Delete(path);
            return (null, error);
        }
        var run = new ImportRun
        {
            FileName = Path.GetFileName(fileName.Length > 200 ? fileName[..200] : fileName),
            StoredPath = path,
            Kind = kind,
            UserId = userId,
            StartedAtUtc = clock.UtcNow,
            Status = ImportStatus.Pending,
            OptionsJson = options!.ToJson(),
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return (run, null);
    }

    private async Task<(ImportOptions? Options, string? Error)> SniffAsync(string path, ImportKind kind, CancellationToken ct)
    {
        EncodingGuess guess;
        await using (var stream = File.OpenRead(path)) guess = CsvEncoding.Detect(stream);
        if (guess.IsEmpty) return (null, ImportMessages.FileEmpty);
        var options = new ImportOptions
        {
            Encoding = guess.Name,
            DetectedEncoding = guess.Name,
            EncodingCertain = guess.HasBom || guess.IsValidUtf8,
            DefaultCurrency = houseCurrency.Code ?? "USD",
        };
        options.Delimiter = CsvSniffer.DetectDelimiter(path, options.Encoding).ToString();
        var preview = CsvSniffer.Preview(path, options.Encoding, options.DelimiterChar);
        if (preview.Headers.Count == 0 || preview.Headers.All(string.IsNullOrWhiteSpace)) return (null, ImportMessages.FileEmpty);
        if (!preview.HasDataRows) return (null, ImportMessages.NoDataRows);
        options.Headers = preview.Headers.ToList();
        var saved = (await SavedMappingsAsync(kind, ct)).FirstOrDefault(m => m.Columns.Values.All(h => options.Headers.Contains(h, StringComparer.OrdinalIgnoreCase)) && m.Columns.Count > 0);
        options.Columns = saved is not null
            ? ApplyMapping(saved, options.Headers)
            : ImportFields.Guess(kind, options.Headers).ToDictionary(p => p.Key.ToString(), p => p.Value);
        GuessFormats(options, preview);
        return (options, null);
    }

    /// <summary>Guesses the date order and decimal separator from the first rows.</summary>
    public static void GuessFormats(ImportOptions options, CsvPreview preview)
    {
        string[] dateFields = [nameof(ImportField.Date), nameof(ImportField.Birthday), nameof(ImportField.CustomerSince)];
        var dates = dateFields.Select(f => options.Columns.TryGetValue(f, out var i) ? i : -1).Where(i => i >= 0)
            .SelectMany(i => preview.Rows.Where(r => i < r.Count).Select(r => r[i].Trim())).Where(v => v.Length > 0).ToList();
        if (dates.Any(v => IsoDate().IsMatch(v))) options.DateFormat = ImportOptions.IsoDate;
        else if (dates.Select(v => DayMonth().Match(v)).Where(m => m.Success).ToList() is { Count: > 0 } matches)
        {
            var separator = matches[0].Groups[2].Value;
            var firstOver12 = matches.Any(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) > 12);
            var secondOver12 = matches.Any(m => int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) > 12);
            options.DateFormat = separator == "." ? "dd.MM.yyyy" : secondOver12 && !firstOver12 ? "MM/dd/yyyy" : "dd/MM/yyyy";
        }
        if (options.Columns.TryGetValue(nameof(ImportField.Amount), out var amountColumn))
        {
            var amounts = preview.Rows.Where(r => amountColumn < r.Count).Select(r => r[amountColumn].Trim()).ToList();
            options.DecimalComma = amounts.Any(a => DecimalComma().IsMatch(a));
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{1,2}-\d{1,2}$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})([/.\-])(\d{1,2})\2\d{4}$")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"^-?[\d.\s]*,\d{1,2}$")]
    private static partial Regex DecimalComma();

    public CsvPreview Preview(ImportRun run, ImportOptions options) =>
        CsvSniffer.Preview(run.StoredPath!, options.Encoding, options.DelimiterChar);

    /// <summary>Checks every row and writes nothing; stores the counts and the issues on the run.</summary>
    public async Task<ImportOutcome> DryRunAsync(ImportRun run, CancellationToken ct)
    {
        var options = ImportOptions.FromJson(run.OptionsJson);
        var outcome = await engine.RunAsync(run.Kind, options, run.StoredPath!, run.Id, run.UserId, commit: false, ct);
        // The engine clears the change tracker between chunks; track the run again before changing it.
        db.ChangeTracker.Clear();
        db.ImportRuns.Attach(run);
        Store(run, outcome);
        run.Status = outcome.FileProblem is null ? ImportStatus.DryRun : ImportStatus.Pending;
        run.ProcessedRows = 0;
        // The rows alike to existing clients, as this dry run found them (a choice made before stays while it still fits).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.ImportLikelyMatches.Where(m => m.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        AddLikelyMatches(run.Id, outcome.LikelyMatches);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    /// <summary>Runs the import for real (the background job's work). Safe to call again: re-running is idempotent.</summary>
    public async Task<ImportOutcome?> ExecuteAsync(int runId, CancellationToken ct)
    {
        var run = await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null || run.Status is ImportStatus.Completed or ImportStatus.Undone || run.StoredPath is null) return null;
        run.MarkRunning(clock.UtcNow);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        try
        {
            var options = ImportOptions.FromJson(run.OptionsJson);
            var outcome = await engine.RunAsync(run.Kind, options, run.StoredPath, run.Id, run.UserId, commit: true, ct);
            db.ChangeTracker.Clear();
            run = await db.ImportRuns.FirstAsync(r => r.Id == runId, ct);
            Store(run, outcome);
            // Rows the dry run did not list (no dry run, or clients added since) are kept with the choice the run made.
            var listed = await db.ImportLikelyMatches.Where(m => m.ImportRunId == runId).Select(m => m.Row).ToHashSetAsync(ct);
            AddLikelyMatches(runId, outcome.LikelyMatches.Where(m => !listed.Contains(m.Row)));
            run.Status = outcome.FileProblem is null ? ImportStatus.Completed : ImportStatus.Failed;
            run.ProcessedRows = outcome.Total;
            run.FinishedAtUtc = clock.UtcNow;
            db.AuditEvents.Add(new AuditEvent
            {
                AtUtc = clock.UtcNow,
                UserId = run.UserId,
                Action = "import.completed",
                EntityType = nameof(ImportRun),
                EntityId = run.Id.ToString(CultureInfo.InvariantCulture),
                Detail = $"{run.Kind}: {outcome.Created} created, {outcome.Updated} updated, {outcome.Skipped} skipped, {outcome.Failed} failed",
            });
            await webhooks.ImportFinishedAsync(run, ct);
            await db.SaveChangesAsync(ct);
            return outcome;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogError(e, "Import run {RunId} stopped", runId);
            db.ChangeTracker.Clear();
            await db.ImportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, ImportStatus.Interrupted)
                .SetProperty(r => r.FinishedAtUtc, clock.UtcNow)
                .SetProperty(r => r.Message, ImportMessages.Format(ImportMessages.Failed, Shorten(e.Message))), CancellationToken.None);
            throw;
        }
    }

    private void AddLikelyMatches(int runId, IEnumerable<ImportLikelyMatch> matches)
    {
        foreach (var match in matches)
        {
            match.ImportRunId = runId;
            db.ImportLikelyMatches.Add(match);
        }
    }

    private static string Shorten(string text) => text.Length > 500 ? text[..500] : text;

    private static void Store(ImportRun run, ImportOutcome outcome)
    {
        run.TotalRows = outcome.Total;
        run.Created = outcome.Created;
        run.Updated = outcome.Updated;
        run.Skipped = outcome.Skipped;
        run.Failed = outcome.Failed;
        run.ErrorReport = outcome.IssueCount > 0 ? outcome.IssuesCsv() : null;
        run.Message = outcome.FileProblem
            ?? outcome.ClientsCreated switch
            {
                0 => null,
                1 => ImportMessages.OneClientCreated,
                var n => ImportMessages.Format(ImportMessages.ClientsCreated, n),
            };
    }

    /// <summary>Removes what a run created (its clients, with their contacts and key dates, and its purchases). Updates stay.</summary>
    public async Task<(int Clients, int Purchases)> UndoAsync(ImportRun run, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var affected = await db.Purchases.Where(p => p.ImportRunId == run.Id).Select(p => p.ClientId).Distinct().ToListAsync(ct);
        var purchases = await db.Purchases.Where(p => p.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        var clients = await db.Clients.Where(c => c.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
        run.Status = ImportStatus.Undone;
        run.Message = ImportMessages.Format(ImportMessages.Undone, clients, purchases);
        await db.SaveChangesAsync(ct);
        var remaining = await db.Clients.Where(c => affected.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        if (remaining.Count > 0) await changes.ImportAppliedAsync(remaining, purchases: true, ct);
        await tx.CommitAsync(ct);
        return (clients, purchases);
    }

    // ------------------------------------------------------------- saved mappings

    public sealed record SavedMapping(string Name, Dictionary<string, string> Columns);

    public async Task<IReadOnlyList<SavedMapping>> SavedMappingsAsync(ImportKind kind, CancellationToken ct)
    {
        var prefix = MappingPrefix + kind + ".";
        var settings = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(prefix)).OrderBy(s => s.Key).ToListAsync(ct);
        var result = new List<SavedMapping>();
        foreach (var s in settings)
        {
            try
            {
                var columns = JsonSerializer.Deserialize<Dictionary<string, string>>(s.Value);
                if (columns is not null) result.Add(new SavedMapping(s.Key[prefix.Length..], columns));
            }
            catch (JsonException) { }
        }
        return result;
    }

    /// <summary>Saves the mapping by header name, so it fits files whose columns come in another order. Null on success.</summary>
    public async Task<string?> SaveMappingAsync(ImportKind kind, string name, ImportOptions options, CancellationToken ct)
    {
        var columns = options.Columns.Where(c => c.Value < options.Headers.Count)
            .ToDictionary(c => c.Key, c => options.Headers[c.Value]);
        var json = JsonSerializer.Serialize(columns);
        var key = MappingPrefix + kind + "." + name;
        if (json.Length > 1000 || key.Length > 100) return ImportMessages.MappingTooLong;
        await db.SetSettingAsync(key, json, ct);
        return null;
    }

    public static Dictionary<string, int> ApplyMapping(SavedMapping mapping, IReadOnlyList<string> headers)
    {
        var result = new Dictionary<string, int>();
        foreach (var (field, header) in mapping.Columns)
        {
            var index = headers.ToList().FindIndex(h => h.Equals(header, StringComparison.OrdinalIgnoreCase));
            if (index >= 0) result[field] = index;
        }
        return result;
    }
}
