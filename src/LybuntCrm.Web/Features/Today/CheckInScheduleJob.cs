using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Nightly: refreshes every client's facts, keeps one open check-in per contactable client due on the rule's date,
/// wakes snoozed follow-ups whose date has come, and levels every manager's open follow-ups over the days ahead.
/// </summary>
public sealed class CheckInScheduleJob(CrmDbContext db, IClock clock, ILogger<CheckInScheduleJob> logger) : ICrmJob
{
    public const string JobId = "check-in-schedule";

    /// <summary>What the run did, and how long each step took in milliseconds (facts, close, create, plan).</summary>
    public sealed record Result(int Closed, int Created, int Replanned, string Timings = "");

    public async Task RunAsync(CancellationToken ct) => await ScheduleAsync(ct);

    public async Task<Result> ScheduleAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var today = clock.Today;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var steps = new List<long>();
        await ClientFacts.RefreshAsync(db, clientIds: null, ct);
        steps.Add(watch.ElapsedMilliseconds);
        var closed = await CheckInSchedule.CloseStaleAsync(db, clientId: null, now, ct);
        steps.Add(watch.ElapsedMilliseconds);
        var created = await CheckInSchedule.CreateDueAsync(db, clientId: null, today, now, ct);
        steps.Add(watch.ElapsedMilliseconds);
        await db.FollowUps
            .Where(f => f.Status == FollowUpStatus.Snoozed && f.SnoozedUntil != null && f.SnoozedUntil <= today)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FollowUpStatus.Open), ct);
        var replanned = await FollowUpPlanning.LevelAsync(db, clock, assigneeIds: null, ct);
        steps.Add(watch.ElapsedMilliseconds);
        var timings = $"facts {steps[0]} ms, close {steps[1] - steps[0]} ms, create {steps[2] - steps[1]} ms, plan {steps[3] - steps[2]} ms";
        logger.LogInformation("Check-ins: {Closed} closed, {Created} created, {Replanned} planned on a new day ({Timings})", closed, created, replanned, timings);
        return new Result(closed, created, replanned, timings);
    }
}
