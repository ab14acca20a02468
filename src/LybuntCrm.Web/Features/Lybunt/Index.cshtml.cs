using System.Globalization;
using Hangfire;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Shared.Charts;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Lybunt;

/// <summary>
/// The LYBUNT / SYBUNT work queue: headline figures, a revenue chart and the flagged clients, most revenue at risk first.
/// Every manager sees every flagged client (so nobody's client slips through); only the owner or an admin acts on one.
/// </summary>
public sealed class IndexModel(CrmDbContext db, IClock clock, IMemoryCache cache, IStringLocalizer<SharedResource> t, DisplayFormat f)
    : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? List { get; set; }
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string? After { get; set; }
    /// <summary>The flagging run started from this page, while the page follows it.</summary>
    [BindProperty(SupportsGet = true)] public string? Flagging { get; set; }
    /// <summary>Set when the page reloads after the run it followed ended.</summary>
    [BindProperty(SupportsGet = true)] public string? Flagged { get; set; }

    public LybuntList Selected { get; private set; }
    public FiscalYear Year { get; private set; }
    public Headline Figures { get; private set; } = new(0, 0, 0, 0, 0);
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public DateTime? LastRunUtc { get; private set; }
    public IReadOnlyList<(string Id, string Name)> Owners { get; private set; } = [];
    /// <summary>Who clients can be reassigned to from the bulk bar: active users.</summary>
    public IReadOnlyList<Clients.BulkBar.Person> ActiveUsers { get; private set; } = [];

    /// <summary>This list again, after a bulk action or its undo.</summary>
    public string ReturnUrl => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/Lybunt",
        new Dictionary<string, string?> { ["list"] = LybuntLists.Key(Selected), ["owner"] = Owner }.Where(kv => kv.Value is not null));
    /// <summary>The revenue chart of everyone's clients, or of the chosen owner's.</summary>
    public BarChart Chart { get; private set; } = null!;

    public sealed record Headline(int Clients, decimal RevenueAtRisk, int Recovered, decimal RecoveredRevenue, int FlaggedOnList)
    {
        /// <summary>Recovered this fiscal year from the list ÷ (those + clients still on it); null before there is anyone.</summary>
        public double? RecoveryRate => Recovered + FlaggedOnList == 0 ? null : (double)Recovered / (Recovered + FlaggedOnList);
    }

    public sealed record Row(int Id, string Name, string? ExternalId, decimal RevenueAtRisk, DateOnly? LastPurchaseOn, string OwnerId,
        string OwnerName, DateOnly? LastAttemptOn, DateOnly? FirstFlaggedOn, DateOnly? RecoveredOn, WinBackState WinBack,
        DateOnly? SnoozedUntil);

    /// <summary>The followed flagging run's card: its state and text as the poll will give them.</summary>
    public (JobState State, FlaggingEstimate Estimate, string Text)? FlaggingRun { get; private set; }

    /// <summary>How the followed run ended, once the page has reloaded after it.</summary>
    public JobState? FlaggedState { get; private set; }

    public async Task OnGetAsync([FromServices] JobStorage storage, CancellationToken ct)
    {
        if (JobProgress.Read(storage, Flagging) is { } progress)
        {
            var estimate = FlaggingEstimate.Of(progress, clock.UtcNow,
                await db.GetIntSettingAsync(LybuntFlagJob.LastDurationSetting, 0, ct));
            FlaggingRun = (progress.State, estimate, FlaggingText(progress.State, estimate));
        }
        FlaggedState = JobProgress.Read(storage, Flagged)?.State;
        Selected = LybuntLists.Parse(List);
        Year = FiscalYear.Containing(clock.Today, await db.FiscalStartMonthAsync(ct));
        Owners = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new ValueTuple<string, string>(u.Id, u.DisplayName))
            .ToListAsync(ct);
        if (Owner is not null && Owners.All(o => o.Id != Owner)) Owner = null;
        ActiveUsers = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new Clients.BulkBar.Person(u.Id, u.DisplayName)).ToListAsync(ct);
        LastRunUtc = DateTime.TryParse(await db.GetSettingAsync(LybuntFlagJob.LastRunSetting, ct), CultureInfo.InvariantCulture,
            DateTimeStyles.RoundtripKind, out var lastRun) ? lastRun : null;
        // The figures change only when the flagging job runs (it alone sets flags, totals and recoveries), so they are cached
        // until the next run, and for five minutes at most (an owner change moves a client between owners' figures).
        Figures = await cache.GetOrCreateAsync(("lybunt-headline", Selected, Owner, LastRunUtc, clock.Today), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5);
            return HeadlineAsync(ct);
        }) ?? new Headline(0, 0, 0, 0, 0);
        await LoadRowsAsync(ct);
        var years = await RevenueChart.CachedQueryAsync(db, cache, clock.Today, Year.StartMonth, Owner, ct);
        Chart = RevenueChart.ToBarChart(years, Year.StartMonth, t, f);
    }

    public IActionResult OnPostRun([FromServices] IBackgroundJobClient jobs)
    {
        if (!User.IsAdmin()) return StatusCode(StatusCodes.Status403Forbidden);
        var jobId = jobs.Enqueue<JobRunner>(r => r.RunAsync(LybuntFlagJob.JobId, CancellationToken.None));
        return RedirectToPage(new { List, Owner, flagging = jobId });
    }

    /// <summary>Where the flagging run started here is: the page polls this and reloads when the run has ended.</summary>
    public async Task<IActionResult> OnGetFlaggingAsync([FromServices] JobStorage storage, CancellationToken ct)
    {
        if (JobProgress.Read(storage, Flagging) is not { } progress) return NotFound();
        var lastMilliseconds = await db.GetIntSettingAsync(LybuntFlagJob.LastDurationSetting, 0, ct);
        var estimate = FlaggingEstimate.Of(progress, clock.UtcNow, lastMilliseconds);
        return new JsonResult(new
        {
            state = progress.State.ToString(),
            done = progress.State is JobState.Succeeded or JobState.Failed,
            percent = estimate.Percent,
            text = FlaggingText(progress.State, estimate),
        });
    }

    /// <summary>What the flagging card says: waiting, how long it has run and is likely to run, or how it ended.</summary>
    public string FlaggingText(JobState state, FlaggingEstimate estimate) => state switch
    {
        JobState.Waiting => t["Waiting to start."],
        JobState.Running when estimate.SecondsLeft is { } left => left <= 5
            ? t["Running for {0} s, almost done.", f.Number(estimate.SecondsRunning)]
            : t["Running for {0} s, about {1} s left.", f.Number(estimate.SecondsRunning), f.Number(left)],
        JobState.Running => t["Running for {0} s.", f.Number(estimate.SecondsRunning)],
        JobState.Succeeded => t["Done."],
        _ => t["Flagging stopped with an error. The job dashboard has the details."],
    };

    private async Task<Headline> HeadlineAsync(CancellationToken ct)
    {
        var flag = Selected == LybuntList.Sybunt ? RetentionFlag.Sybunt : RetentionFlag.Lybunt;
        var clients = db.Clients.AsNoTracking().Where(c => c.RetentionFlag == flag);
        if (Owner is not null) clients = clients.Where(c => c.OwnerId == Owner);
        var atRisk = await clients.GroupBy(c => 1)
            .Select(g => new { Count = g.Count(), Revenue = g.Sum(c => c.LastYearTotal) })
            .FirstOrDefaultAsync(ct);

        var recoveredClients = db.Clients.AsNoTracking()
            .Where(c => c.RecoveredOn >= Year.Start && c.RecoveredFrom == flag && c.RetentionFlag == RetentionFlag.None);
        if (Owner is not null) recoveredClients = recoveredClients.Where(c => c.OwnerId == Owner);
        var recovered = await recoveredClients.CountAsync(ct);
        var today = clock.Today;
        var recoveredRevenue = recovered == 0 ? 0m : await db.Purchases.AsNoTracking()
            .Where(p => p.Status == PurchaseStatus.Completed && p.Date >= Year.Start && p.Date <= today
                        && recoveredClients.Any(c => c.Id == p.ClientId))
            .SumAsync(p => p.Amount, ct);
        return new Headline(atRisk?.Count ?? 0, atRisk?.Revenue ?? 0, recovered, recoveredRevenue, atRisk?.Count ?? 0);
    }

    /// <summary>The clients on one of the lists, for one owner or everyone: the rows, and "all that match" for bulk actions.</summary>
    public static IQueryable<Client> Matching(CrmDbContext db, LybuntList list, string? owner, FiscalYear year)
    {
        var clients = db.Clients.AsNoTracking();
        clients = list switch
        {
            LybuntList.Sybunt => clients.Where(c => c.RetentionFlag == RetentionFlag.Sybunt),
            LybuntList.Recovered => clients.Where(c => c.RecoveredOn >= year.Start && c.RetentionFlag == RetentionFlag.None),
            _ => clients.Where(c => c.RetentionFlag == RetentionFlag.Lybunt),
        };
        return owner is null ? clients : clients.Where(c => c.OwnerId == owner);
    }

    private async Task LoadRowsAsync(CancellationToken ct)
    {
        var clients = Matching(db, Selected, Owner, Year);
        if (Cursor.TryParse(After, out var afterTotal, out var afterId))
            clients = clients.Where(c => c.LastYearTotal < afterTotal || (c.LastYearTotal == afterTotal && c.Id < afterId));

        var page = await clients
            .OrderByDescending(c => c.LastYearTotal).ThenByDescending(c => c.Id)
            .Take(PageSize + 1)
            .Select(ClientTimeline.Select((c, facts) => new
            {
                c.Id,
                c.Name,
                c.ExternalId,
                c.LastYearTotal,
                c.LastPurchaseOn,
                c.OwnerId,
                OwnerName = c.Owner!.DisplayName,
                facts.LastAttempt,
                c.FirstFlaggedOn,
                c.RecoveredOn,
                c.Status,
                c.DoNotContact,
                c.RetentionFlag,
            }))
            .ToListAsync(ct);
        if (page.Count > PageSize)
        {
            page.RemoveAt(PageSize);
            NextCursor = Cursor.Format(page[^1].LastYearTotal, page[^1].Id);
        }

        var ids = page.Select(c => c.Id).ToList();
        var winBacks = (await db.FollowUps.AsNoTracking()
                .Where(f => ids.Contains(f.ClientId) && f.Kind == FollowUpKind.WinBack)
                .Select(f => new { f.Id, f.ClientId, f.Status, ClosedReason = f.ClosedReasonCode ?? f.ClosedReason, f.SnoozedUntil })
                .ToListAsync(ct))
            .GroupBy(f => f.ClientId)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => f.Id)!);

        Rows = page.Select(c =>
        {
            var w = winBacks.GetValueOrDefault(c.Id);
            var recovered = c.RetentionFlag == RetentionFlag.None && c.RecoveredOn >= Year.Start;
            return new Row(c.Id, c.Name, c.ExternalId, c.LastYearTotal, c.LastPurchaseOn, c.OwnerId, c.OwnerName, c.LastAttempt,
                c.FirstFlaggedOn, c.RecoveredOn, WinBackStatus.Of(c.Status, c.DoNotContact, recovered, w?.Status, w?.ClosedReason),
                w?.Status == FollowUpStatus.Snoozed ? w.SnoozedUntil : null);
        }).ToList();
    }

    /// <summary>A keyset position: the revenue at risk and id of the last row shown.</summary>
    public static class Cursor
    {
        public static string Format(decimal total, int id) => total.ToString(CultureInfo.InvariantCulture) + "_" + id.ToString(CultureInfo.InvariantCulture);

        public static bool TryParse(string? value, out decimal total, out int id)
        {
            total = 0;
            id = 0;
            var parts = value?.Split('_');
            return parts is { Length: 2 }
                   && decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out total)
                   && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id);
        }
    }
}

public enum LybuntList { Lybunt, Sybunt, Recovered }

public static class LybuntLists
{
    public static LybuntList Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "sybunt" => LybuntList.Sybunt,
        "recovered" => LybuntList.Recovered,
        _ => LybuntList.Lybunt,
    };

    public static string Key(LybuntList list) => list.ToString().ToLowerInvariant();
}
