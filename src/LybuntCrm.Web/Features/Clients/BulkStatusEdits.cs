using System.Globalization;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// The bulk actions that move clients along or put their work off: set the lifecycle stage, let go with a reason (the
/// win-back page's rule), disqualify prospects (the prospect review's rule), snooze or dismiss open follow-ups. They run
/// inside <see cref="ClientBulkEdits"/>' transaction on the clients it chose and checked, apply the effects through
/// <see cref="ClientChanges"/>, and return what the undo needs: previous value → client ids, or follow-up ids for the
/// follow-up actions (<see cref="IsFollowUpAction"/>).
/// </summary>
public sealed class BulkStatusEdits(CrmDbContext db, IClock clock, ClientChanges changes)
{
    public const int MaxSnoozeDays = 365;
    public const int MaxSnoozeReasonLength = 480;

    public static bool Handles(BulkEditAction action) => action is BulkEditAction.SetStage or BulkEditAction.LetGo or BulkEditAction.Disqualify
        or BulkEditAction.SnoozeFollowUps or BulkEditAction.DismissFollowUps;

    /// <summary>Follow-up actions keep follow-up ids in <see cref="BulkEdit.Previous"/> and count follow-ups, not clients.</summary>
    public static bool IsFollowUpAction(BulkEditAction action) => action is BulkEditAction.SnoozeFollowUps or BulkEditAction.DismissFollowUps;

    /// <summary>The stored value of a snooze: the date (ISO) and the reason after it.</summary>
    public static string SnoozeValue(DateOnly until, string reason) => FollowUpReasons.Value(until) + " " + reason;

    public static bool TryParseSnooze(string? value, out DateOnly until, out string reason)
    {
        until = default;
        reason = "";
        if (value is not { Length: >= 11 } || value[10] != ' ') return false;
        reason = value[11..];
        return DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out until);
    }

    public async Task<Dictionary<string, List<int>>> ApplyAsync(BulkEditAction action, IQueryable<Client> selected, IReadOnlyList<int>? followUpIds,
        string value, string? note, string userId, DateTime now, CancellationToken ct)
    {
        switch (action)
        {
            case BulkEditAction.SetStage:
                {
                    var to = Enum.Parse<LifecycleStage>(value);
                    var rows = await selected.Where(c => c.Stage != to).Select(c => new { c.Id, c.Stage }).ToListAsync(ct);
                    if (rows.Count == 0) return [];
                    // The timeline and the funnel read every move, so each client's move is recorded as a single change would be.
                    await InsertAsync(rows.Select(r => new StageChange { ClientId = r.Id, From = r.Stage, To = to, AtUtc = now, UserId = userId }), ct);
                    var ids = rows.Select(r => r.Id).ToList();
                    await Clients(ids).ExecuteUpdateAsync(s => s.SetProperty(c => c.Stage, to), ct);
                    await changes.ClientsChangedAsync(ids, ct);
                    return ClientBulkEdits.Group(rows, r => r.Id, r => r.Stage.ToString());
                }
            case BulkEditAction.LetGo:
                {
                    var rows = await selected.Where(c => c.Status != ClientStatus.LetGo)
                        .Select(c => new { c.Id, c.Status, c.LetGoReason, c.LetGoOn }).ToListAsync(ct);
                    if (rows.Count == 0) return [];
                    var ids = rows.Select(r => r.Id).ToList();
                    var today = clock.Today;
                    await Clients(ids).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, ClientStatus.LetGo)
                        .SetProperty(c => c.LetGoReason, value)
                        .SetProperty(c => c.LetGoOn, today), ct);
                    // As on the win-back page: the open win-back closes as "let go", and the pipeline takes the client out of every schedule.
                    await db.FollowUps.Where(f => EF.Parameter(ids).Contains(f.ClientId) && f.Kind == FollowUpKind.WinBack
                            && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                            .SetProperty(f => f.ClosedReasonCode, Retention.LetGoReason)
                            .SetProperty(f => f.ClosedAtUtc, now), ct);
                    await changes.ClientsChangedAsync(ids, ct);
                    return ClientBulkEdits.Group(rows, r => r.Id, r => JsonSerializer.Serialize(new[] { r.Status.ToString(), r.LetGoReason, r.LetGoOn is { } on ? FollowUpReasons.Value(on) : null }));
                }
            case BulkEditAction.Disqualify:
                {
                    var reason = Enum.Parse<DisqualifyReason>(value);
                    var rows = await selected.Where(c => c.Status == ClientStatus.Prospect).Select(c => new { c.Id, c.RevisitOn }).ToListAsync(ct);
                    if (rows.Count == 0) return [];
                    var ids = rows.Select(r => r.Id).ToList();
                    var today = clock.Today;
                    // The same record and effects as the prospect review's "disqualify": a review per prospect, open work dismissed.
                    await InsertAsync(rows.Select(r => new ProspectReview
                    {
                        ClientId = r.Id,
                        ReviewerId = userId,
                        DecidedAtUtc = now,
                        DecidedOn = today,
                        Decision = ReviewDecision.Disqualify,
                        Reason = reason,
                        Note = note,
                    }), ct);
                    var why = FollowUpReasons.Args(reason.ToString());
                    await db.FollowUps.Where(f => EF.Parameter(ids).Contains(f.ClientId) && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                            .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.Disqualified)
                            .SetProperty(f => f.ClosedReasonArgs, why)
                            .SetProperty(f => f.ClosedAtUtc, now), ct);
                    await Clients(ids).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, ClientStatus.Disqualified)
                        .SetProperty(c => c.RevisitOn, (DateOnly?)null), ct);
                    await changes.ClientsChangedAsync(ids, ct);
                    return ClientBulkEdits.Group(rows, r => r.Id, r => r.RevisitOn is { } on ? FollowUpReasons.Value(on) : "");
                }
            case BulkEditAction.SnoozeFollowUps:
                {
                    TryParseSnooze(value, out var until, out _);
                    var open = OpenFollowUps(selected, followUpIds).Where(f => f.Status != FollowUpStatus.Snoozed || f.SnoozedUntil != until);
                    var rows = await open.Select(f => new { f.Id, f.Status, f.PlannedOn, f.SnoozedUntil, f.AssigneeId }).ToListAsync(ct);
                    if (rows.Count == 0) return [];
                    var ids = rows.Select(r => r.Id).ToList();
                    await FollowUps(ids).ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, FollowUpStatus.Snoozed)
                        .SetProperty(f => f.SnoozedUntil, until)
                        .SetProperty(f => f.PlannedOn, until), ct);
                    // As Today's snooze: the assignees' lists are levelled again.
                    await FollowUpPlanning.LevelAsync(db, clock, rows.Select(r => r.AssigneeId).Distinct().ToList(), ct);
                    return ClientBulkEdits.Group(rows, r => r.Id, r => FollowUpState(r.Status, r.PlannedOn, r.SnoozedUntil));
                }
            default:
                {
                    var rows = await OpenFollowUps(selected, followUpIds).Select(f => new { f.Id, f.ClientId, f.Status, f.PlannedOn, f.SnoozedUntil }).ToListAsync(ct);
                    if (rows.Count == 0) return [];
                    var ids = rows.Select(r => r.Id).ToList();
                    await FollowUps(ids).ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
                        .SetProperty(f => f.ClosedReason, value)
                        .SetProperty(f => f.ClosedAtUtc, now), ct);
                    // As Today's dismiss: a dismissed win-back gives the routine check-in back, at once.
                    await changes.ClientsChangedAsync(rows.Select(r => r.ClientId).Distinct().ToList(), ct);
                    return ClientBulkEdits.Group(rows, r => r.Id, r => FollowUpState(r.Status, r.PlannedOn, r.SnoozedUntil));
                }
        }
    }

    /// <summary>The names of the clients whose part of <paramref name="entry"/> was changed since (then nothing is undone).</summary>
    public Task<List<string>> ChangedSinceAsync(BulkEdit entry, List<int> ids, CancellationToken ct)
    {
        var set = entry.Value;
        var clients = Clients(ids);
        var followUps = FollowUps(ids);
        IQueryable<string> names;
        switch (entry.Action)
        {
            case BulkEditAction.SetStage:
                var stage = Enum.Parse<LifecycleStage>(set!);
                names = clients.Where(c => c.Stage != stage).Select(c => c.Name);
                break;
            case BulkEditAction.LetGo:
                names = clients.Where(c => c.Status != ClientStatus.LetGo || c.LetGoReason != set).Select(c => c.Name);
                break;
            case BulkEditAction.Disqualify:
                names = clients.Where(c => c.Status != ClientStatus.Disqualified).Select(c => c.Name);
                break;
            case BulkEditAction.SnoozeFollowUps:
                TryParseSnooze(set, out var until, out _);
                names = followUps.Where(f => f.Status != FollowUpStatus.Snoozed || f.SnoozedUntil != until).Select(f => f.Client!.Name);
                break;
            default:
                names = followUps.Where(f => f.Status != FollowUpStatus.Dismissed || f.ClosedReason != set).Select(f => f.Client!.Name);
                break;
        }
        return names.Distinct().OrderBy(n => n).Take(ClientBulkEdits.NamesShown).ToListAsync(ct);
    }

    /// <summary>Puts every client (or follow-up) of <paramref name="entry"/> back, group by group, and applies the effects.</summary>
    public async Task RestoreAsync(BulkEdit entry, Dictionary<string, List<int>> previous, CancellationToken ct)
    {
        var ids = previous.Values.SelectMany(v => v).ToList();
        var since = entry.CreatedAtUtc;
        foreach (var (was, group) in previous)
        {
            var clients = Clients(group);
            switch (entry.Action)
            {
                case BulkEditAction.SetStage:
                    var stage = Enum.Parse<LifecycleStage>(was);
                    await clients.ExecuteUpdateAsync(s => s.SetProperty(c => c.Stage, stage), ct);
                    break;
                case BulkEditAction.LetGo:
                    var fields = JsonSerializer.Deserialize<string?[]>(was)!;
                    var status = Enum.Parse<ClientStatus>(fields[0]!);
                    var reason = fields[1];
                    DateOnly? on = fields[2] is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                    await clients.ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, status)
                        .SetProperty(c => c.LetGoReason, reason)
                        .SetProperty(c => c.LetGoOn, on), ct);
                    break;
                case BulkEditAction.Disqualify:
                    DateOnly? revisit = was.Length == 0 ? null : DateOnly.ParseExact(was, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    await clients.ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.Status, ClientStatus.Prospect)
                        .SetProperty(c => c.RevisitOn, revisit), ct);
                    break;
                default:
                    var state = JsonSerializer.Deserialize<string?[]>(was)!;
                    var followUpStatus = Enum.Parse<FollowUpStatus>(state[0]!);
                    var plannedOn = DateOnly.ParseExact(state[1]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    DateOnly? snoozedUntil = state[2] is { } until ? DateOnly.ParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
                    await FollowUps(group).ExecuteUpdateAsync(s => s
                        .SetProperty(f => f.Status, followUpStatus)
                        .SetProperty(f => f.PlannedOn, plannedOn)
                        .SetProperty(f => f.SnoozedUntil, snoozedUntil)
                        .SetProperty(f => f.ClosedReason, (string?)null)
                        .SetProperty(f => f.ClosedAtUtc, (DateTime?)null), ct);
                    break;
            }
        }
        switch (entry.Action)
        {
            case BulkEditAction.SetStage:
                var to = Enum.Parse<LifecycleStage>(entry.Value!);
                await db.StageChanges.Where(s => EF.Parameter(ids).Contains(s.ClientId) && s.To == to && s.AtUtc >= since && s.UserId == entry.UserId)
                    .ExecuteDeleteAsync(ct);
                await changes.ClientsChangedAsync(ids, ct);
                break;
            case BulkEditAction.LetGo:
                await ReopenAsync(ids, since, [Retention.LetGoReason, FollowUpReasons.NotContactable], ct);
                await changes.ClientsChangedAsync(ids, ct);
                break;
            case BulkEditAction.Disqualify:
                await db.ProspectReviews.Where(r => EF.Parameter(ids).Contains(r.ClientId) && r.Decision == ReviewDecision.Disqualify
                    && r.DecidedAtUtc >= since && r.ReviewerId == entry.UserId).ExecuteDeleteAsync(ct);
                await ReopenAsync(ids, since, [FollowUpReasons.Disqualified], ct);
                await changes.ClientsChangedAsync(ids, ct);
                break;
            case BulkEditAction.SnoozeFollowUps:
                var assignees = await FollowUps(ids).Select(f => f.AssigneeId).Distinct().ToListAsync(ct);
                await FollowUpPlanning.LevelAsync(db, clock, assignees, ct);
                break;
            default:
                await changes.ClientsChangedAsync(await FollowUps(ids).Select(f => f.ClientId).Distinct().ToListAsync(ct), ct);
                break;
        }
    }

    /// <summary>
    /// Opens again the follow-ups of these clients that the action (or the pipeline after it) closed with one of
    /// <paramref name="codes"/>. A check-in closed under a changed key stays closed: the pipeline gives the client a new one.
    /// </summary>
    private Task<int> ReopenAsync(List<int> clientIds, DateTime since, string[] codes, CancellationToken ct)
    {
        var today = clock.Today;
        return db.FollowUps.Where(f => EF.Parameter(clientIds).Contains(f.ClientId) && f.Status == FollowUpStatus.Dismissed && f.ClosedAtUtc >= since
                && codes.Contains(f.ClosedReasonCode) && !f.SourceKey.Contains(":closed:"))
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.Status, f => f.SnoozedUntil != null && f.SnoozedUntil > today ? FollowUpStatus.Snoozed : FollowUpStatus.Open)
                .SetProperty(f => f.ClosedReasonCode, (string?)null)
                .SetProperty(f => f.ClosedReasonArgs, (string?)null)
                .SetProperty(f => f.ClosedAtUtc, (DateTime?)null), ct);
    }

    private IQueryable<FollowUp> OpenFollowUps(IQueryable<Client> selected, IReadOnlyList<int>? followUpIds)
    {
        var open = db.FollowUps.Where(f => (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)
            && selected.Select(c => c.Id).Contains(f.ClientId));
        return followUpIds is null ? open : open.Where(f => EF.Parameter(followUpIds).Contains(f.Id));
    }

    // One parameter holding the whole list: 100,000 ids must not become 100,000 SQL variables.
    private IQueryable<Client> Clients(List<int> ids) => db.Clients.Where(c => EF.Parameter(ids).Contains(c.Id));

    private IQueryable<FollowUp> FollowUps(List<int> ids) => db.FollowUps.Where(f => EF.Parameter(ids).Contains(f.Id));

    /// <summary>Adds rows, saves them, and lets go of them, so a large action does not keep them tracked.</summary>
    private async Task InsertAsync<T>(IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var list = rows.ToList();
        db.AddRange(list);
        await db.SaveChangesAsync(ct);
        foreach (var row in list) db.Entry(row).State = EntityState.Detached;
    }

    private static string FollowUpState(FollowUpStatus status, DateOnly plannedOn, DateOnly? snoozedUntil) =>
        JsonSerializer.Serialize(new[] { status.ToString(), FollowUpReasons.Value(plannedOn), snoozedUntil is { } until ? FollowUpReasons.Value(until) : null });
}
