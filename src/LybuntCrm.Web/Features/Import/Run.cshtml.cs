using System.Globalization;
using System.Text;
using Hangfire;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Csv;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Import;

/// <summary>One import run: its dry-run result and the commit button, its progress while it runs, its result, undo.</summary>
public sealed class RunModel(CrmDbContext db, ImportService imports, IBackgroundJobClient jobs, IClock clock, Audit audit,
    IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public const int IssuesShown = 20;

    public const int LikelyShown = 50;

    public sealed record IssueRow(string Row, string Column, string Result, string Message);

    /// <summary>A row that looks like existing clients, the matches best first, and its choice.</summary>
    public sealed record LikelyRow(int Row, string Name, ImportMatchChoice Choice, int? UpdateClientId, IReadOnlyList<LikelyMatches.Match> Matches);

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    public ImportRun Run { get; private set; } = null!;
    public string? UserName { get; private set; }
    public IReadOnlyList<IssueRow> Issues { get; private set; } = [];
    public int IssueCount { get; private set; }

    /// <summary>Which page of the rows alike to existing clients is shown, from 1.</summary>
    [BindProperty(SupportsGet = true)]
    public int LikelyPage { get; set; } = 1;

    /// <summary>Posted choices by row number: "skip", "create" or "update:CLIENTID".</summary>
    [BindProperty]
    public Dictionary<int, string> Choices { get; set; } = [];

    public IReadOnlyList<LikelyRow> Likely { get; private set; } = [];
    public int LikelyCount { get; private set; }
    public int LikelyPages => Math.Max(1, (LikelyCount + LikelyShown - 1) / LikelyShown);

    public bool CanCommit => Run.Status == ImportStatus.DryRun;
    public bool CanResume => Run.Status is ImportStatus.Interrupted;
    public bool CanUndo => Run.Status is ImportStatus.Completed or ImportStatus.Interrupted && (Run.Created > 0 || Run.Status == ImportStatus.Interrupted);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        UserName = await db.Users.Where(u => u.Id == Run.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        (Issues, IssueCount) = ReadIssues(Run.ErrorReport, IssuesShown);
        var likely = db.ImportLikelyMatches.AsNoTracking().Where(m => m.ImportRunId == Id);
        LikelyCount = await likely.CountAsync(ct);
        LikelyPage = Math.Clamp(LikelyPage, 1, LikelyPages);
        Likely = (await likely.OrderBy(m => m.Row).Skip((LikelyPage - 1) * LikelyShown).Take(LikelyShown).ToListAsync(ct))
            .Select(m => new LikelyRow(m.Row, m.Name, m.Choice, m.UpdateClientId, LikelyMatches.FromJson(m.MatchesJson))).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostCommitAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanCommit)
        {
            TempData["Flash"] = t["This run cannot be started again from here."].Value;
            return RedirectToPage(new { id = Id });
        }
        if (!await SaveChoicesAsync(ct)) return RedirectToPage(new { id = Id, likelyPage = LikelyPage });
        await StartAsync(ct);
        return RedirectToPage(new { id = Id });
    }

    /// <summary>Saves the choices for the rows alike to existing clients, then checks the file again so the counts and notes follow them.</summary>
    public async Task<IActionResult> OnPostChoicesAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanCommit)
        {
            TempData["Flash"] = t["This run cannot be started again from here."].Value;
            return RedirectToPage(new { id = Id });
        }
        if (await SaveChoicesAsync(ct))
        {
            await imports.DryRunAsync(Run, ct);
            TempData["Flash"] = t["Choices saved; the counts below follow them."].Value;
        }
        return RedirectToPage(new { id = Id, likelyPage = LikelyPage });
    }

    /// <summary>One choice for every row alike to existing clients, on every page: create them all, or skip them all.</summary>
    public async Task<IActionResult> OnPostAllChoicesAsync(string? choice, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanCommit || choice is not ("skip" or "create"))
        {
            TempData["Flash"] = t["This run cannot be started again from here."].Value;
            return RedirectToPage(new { id = Id });
        }
        var chosen = choice == "skip" ? ImportMatchChoice.Skip : ImportMatchChoice.Create;
        await db.ImportLikelyMatches.Where(m => m.ImportRunId == Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Choice, chosen)
            .SetProperty(m => m.UpdateClientId, (int?)null), ct);
        await imports.DryRunAsync(Run, ct);
        TempData["Flash"] = t["Choices saved; the counts below follow them."].Value;
        return RedirectToPage(new { id = Id });
    }

    /// <summary>
    /// The posted choices onto the run's rows. A choice for a row the run does not list, or an update of a client that is
    /// not one of the row's matches, saves nothing and says so. True when saved (or nothing was posted).
    /// </summary>
    private async Task<bool> SaveChoicesAsync(CancellationToken ct)
    {
        if (Choices.Count == 0) return true;
        var rows = Choices.Keys.ToList();
        var stored = await db.ImportLikelyMatches.Where(m => m.ImportRunId == Id && EF.Parameter(rows).Contains(m.Row)).ToDictionaryAsync(m => m.Row, ct);
        var parsed = new List<(ImportLikelyMatch Match, ImportMatchChoice Choice, int? ClientId)>();
        foreach (var (row, value) in Choices)
        {
            (ImportMatchChoice Choice, int? ClientId)? choice = value switch
            {
                "skip" => (ImportMatchChoice.Skip, null),
                "create" => (ImportMatchChoice.Create, null),
                _ when value.StartsWith("update:", StringComparison.Ordinal)
                       && int.TryParse(value.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var clientId) => (ImportMatchChoice.Update, clientId),
                _ => null,
            };
            if (choice is null || !stored.TryGetValue(row, out var match)
                || (choice.Value.ClientId is { } id && LikelyMatches.FromJson(match.MatchesJson).All(m => m.Id != id)))
            {
                TempData["Flash"] = t["A choice does not fit its row (the page may be out of date); nothing was saved. Choose again."].Value;
                return false;
            }
            parsed.Add((match, choice.Value.Choice, choice.Value.ClientId));
        }
        foreach (var (match, choice, clientId) in parsed) (match.Choice, match.UpdateClientId) = (choice, clientId);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The text of a reason a row looks like a client, as the duplicates page writes it.</summary>
    public string ReasonText(DuplicateReasons reason, int nameSimilarity) => DuplicateReasonText.Of(t, f, reason, nameSimilarity);

    public async Task<IActionResult> OnPostResumeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (CanResume) await StartAsync(ct);
        return RedirectToPage(new { id = Id });
    }

    private async Task StartAsync(CancellationToken ct)
    {
        Run.MarkRunning(clock.UtcNow);
        audit.Record("import.started", nameof(ImportRun), Run.Id, $"{Run.Kind} {Run.FileName}");
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<ImportJob>(j => j.RunAsync(Run.Id, CancellationToken.None));
    }

    public async Task<IActionResult> OnPostUndoAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!CanUndo)
        {
            TempData["Flash"] = t["Only a finished or interrupted run can be undone."].Value;
            return RedirectToPage(new { id = Id });
        }
        var (clients, purchases) = await imports.UndoAsync(Run, ct);
        await audit.RecordNowAsync("import.undone", nameof(ImportRun), Run.Id, $"{clients} clients, {purchases} purchases removed");
        TempData["Flash"] = t["Import undone: {0} and {1} removed.", Counts.Clients(t, f, clients), Counts.Purchases(t, f, purchases)].Value;
        return RedirectToPage(new { id = Id });
    }

    /// <summary>The full list of row errors as CSV; values that look like formulas are escaped.</summary>
    public async Task<IActionResult> OnGetErrorsAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ReportInReadersLanguage(Run.ErrorReport))).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"import-{Run.Id}-errors.csv");
    }

    /// <summary>The run's progress for the page's poll: the same figures the page shows, in the reader's language and digits.</summary>
    public async Task<IActionResult> OnGetProgressAsync(CancellationToken ct)
    {
        var progress = await db.ImportRuns.AsNoTracking().Where(r => r.Id == Id)
            .Select(r => new ImportRunProgress(r.Status, r.ProcessedRows, r.TotalRows, r.Created, r.Updated, r.Skipped, r.Failed,
                r.StartedAtUtc))
            .FirstOrDefaultAsync(ct);
        if (progress is null) return NotFound();
        return new JsonResult(new
        {
            status = progress.Status.ToString(),
            running = progress.Running,
            processed = progress.Processed,
            total = progress.Total,
            percent = progress.Percent,
            text = RowsDone(progress),
            timeLeft = TimeLeft(progress),
            counts = new
            {
                created = f.Number(progress.Created),
                updated = f.Number(progress.Updated),
                skipped = f.Number(progress.Skipped),
                failed = f.Number(progress.Failed),
            },
        });
    }

    /// <summary>"12 of 40 rows", "1 of 1 row".</summary>
    public string RowsDone(ImportRunProgress progress) => progress.Total == 1
        ? t["{0} of {1} row", f.Number(progress.Processed), f.Number(progress.Total)]
        : t["{0} of {1} rows", f.Number(progress.Processed), f.Number(progress.Total)];

    /// <summary>What the time left reads: an estimate once a chunk is written, what is being done after the rows.</summary>
    public string TimeLeft(ImportRunProgress progress)
    {
        if (progress.Finishing) return t["bringing flags, follow-ups and plans up to date"];
        if (progress.TimeLeft(clock.UtcNow) is not { } left) return progress.Running ? t["estimating the time left"] : "";
        return left.TotalSeconds < 60 ? t["less than a minute left"] : t["about {0} min left", f.Number((int)Math.Ceiling(left.TotalMinutes))];
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var run = await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == Id, ct);
        if (run is null) return false;
        Run = run;
        return true;
    }

    /// <summary>The stored error report (English) with its headings, results and messages in the reader's language.</summary>
    private string ReportInReadersLanguage(string? csv)
    {
        var sb = new StringBuilder(CsvExport.Line(t["Row"], t["Column"], t["Result"], t["Message"])).Append('\n');
        if (string.IsNullOrEmpty(csv)) return sb.ToString();
        using var reader = new CsvRowReader(new StringReader(csv), ',');
        reader.Read(); // the stored header
        while (reader.Read())
        {
            if (reader.Fields.Count < 4) continue;
            var result = Enum.TryParse<IssueKind>(reader.Fields[2], out var kind) ? EnumLabels.Label(t, kind) : reader.Fields[2];
            sb.Append(CsvExport.Line(reader.Fields[0], ImportMessages.Localize(Unescape(reader.Fields[1]), t, f), result,
                ImportMessages.Localize(Unescape(reader.Fields[3]), t, f))).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The first issues of a stored error report, for the page.</summary>
    public static (IReadOnlyList<IssueRow> Rows, int Count) ReadIssues(string? csv, int take)
    {
        if (string.IsNullOrEmpty(csv)) return ([], 0);
        using var reader = new CsvRowReader(new StringReader(csv), ',');
        reader.Read(); // header
        var rows = new List<IssueRow>();
        var count = 0;
        while (reader.Read())
        {
            if (reader.Fields.Count < 4 || reader.Fields[0].Length == 0) continue;
            count++;
            if (rows.Count < take)
                rows.Add(new IssueRow(reader.Fields[0], Unescape(reader.Fields[1]), reader.Fields[2], Unescape(reader.Fields[3])));
        }
        return (rows, count);
    }

    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? value[1..] : value;
}
