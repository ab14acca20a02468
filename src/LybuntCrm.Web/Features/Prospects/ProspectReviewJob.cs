using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>
/// Weekly: gives each prospect with an active signal one ProspectReview follow-up for its owner (source key
/// <c>review:{clientId}:{isoYear}-W{week}</c>, so at most one per prospect per week, and none while one is still open),
/// and brings back prospects whose revisit date has come. Disqualified prospects and those set aside are skipped;
/// signals silenced by a keep-pursuing decision do not count.
/// </summary>
public sealed class ProspectReviewJob(CrmDbContext db, IClock clock, ClientChanges changes, ILogger<ProspectReviewJob> logger) : ICrmJob
{
    public const string JobId = "prospect-review";

    public sealed record Result(int Returned, int Reviewed, int Created);

    public async Task RunAsync(CancellationToken ct) => await RunOnceAsync(ct);

    public async Task<Result> RunOnceAsync(CancellationToken ct = default)
    {
        var today = clock.Today;
        var now = clock.UtcNow;
        var returned = await BringBackRevisitsAsync(today, now, ct);

        var thresholds = await ProspectSignalQuery.ThresholdsAsync(db, ct);
        var prospects = db.Clients.Where(c => c.Status == ClientStatus.Prospect && (c.RevisitOn == null || c.RevisitOn <= today));
        var signals = await ProspectSignalQuery.ForAsync(db, prospects, today, thresholds, ct: ct);
        var flagged = signals.Where(s => s.Value.Active.Count > 0).Select(s => s.Key).ToList();

        var busy = (await db.FollowUps.AsNoTracking()
                .Where(f => f.Kind == FollowUpKind.ProspectReview && flagged.Contains(f.ClientId)
                    && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
                .Select(f => f.ClientId).Distinct().ToListAsync(ct))
            .ToHashSet();
        var keys = flagged.ToDictionary(id => id, id => ProspectSignals.ReviewSourceKey(id, today));
        var keyList = keys.Values.ToList();
        var existing = (await db.FollowUps.AsNoTracking().Where(f => keyList.Contains(f.SourceKey)).Select(f => f.SourceKey).ToListAsync(ct)).ToHashSet();
        var owners = await db.Clients.AsNoTracking().Where(c => flagged.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.OwnerId, ct);

        var created = 0;
        foreach (var clientId in flagged)
        {
            if (busy.Contains(clientId) || existing.Contains(keys[clientId])) continue;
            db.FollowUps.Add(new FollowUp
            {
                ClientId = clientId,
                AssigneeId = owners[clientId],
                Kind = FollowUpKind.ProspectReview,
                DueOn = today,
                PlannedOn = today,
                ReasonCode = FollowUpReasons.ProspectReview,
                ReasonArgs = FollowUpReasons.SignalArgs(signals[clientId].Active, thresholds),
                SourceKey = keys[clientId],
                CreatedAtUtc = now,
            });
            created++;
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Prospect review: {Prospects} prospects, {Flagged} with signals, {Created} review follow-ups created, {Returned} revisits due",
            signals.Count, flagged.Count, created, returned);
        return new Result(returned, flagged.Count, created);
    }

    /// <summary>Prospects set aside until a date that has come: back into the schedules, with a review follow-up.</summary>
    private async Task<int> BringBackRevisitsAsync(DateOnly today, DateTime now, CancellationToken ct)
    {
        var due = await db.Clients.AsNoTracking()
            .Where(c => c.Status == ClientStatus.Prospect && c.RevisitOn != null && c.RevisitOn <= today)
            .Select(c => new { c.Id, c.OwnerId, RevisitOn = c.RevisitOn!.Value })
            .ToListAsync(ct);
        if (due.Count == 0) return 0;
        var keys = due.ToDictionary(d => d.Id, d => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"revisit:{d.Id}:{d.RevisitOn:yyyy-MM-dd}"));
        var keyList = keys.Values.ToList();
        var existing = (await db.FollowUps.AsNoTracking().Where(f => keyList.Contains(f.SourceKey)).Select(f => f.SourceKey).ToListAsync(ct)).ToHashSet();
        foreach (var d in due.Where(d => !existing.Contains(keys[d.Id])))
        {
            db.FollowUps.Add(new FollowUp
            {
                ClientId = d.Id,
                AssigneeId = d.OwnerId,
                Kind = FollowUpKind.ProspectReview,
                DueOn = d.RevisitOn,
                PlannedOn = today,
                ReasonCode = FollowUpReasons.Revisit,
                ReasonArgs = FollowUpReasons.Args(FollowUpReasons.Value(d.RevisitOn)),
                SourceKey = keys[d.Id],
                CreatedAtUtc = now,
            });
        }
        var ids = due.Select(d => d.Id).ToList();
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            await db.Clients.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevisitOn, (DateOnly?)null), ct);
            await changes.ClientsChangedAsync(ids, ct);
        }, ct);
        return due.Count;
    }
}
