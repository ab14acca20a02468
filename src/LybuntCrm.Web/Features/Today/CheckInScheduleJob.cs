using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// Nightly: the change pipeline's pass over every client (facts, one open contact item per contactable client due on
/// the rule's date, snoozed follow-ups whose date has come), then every manager's open follow-ups levelled over their
/// coming working days, then <c>followup.due</c> for the open follow-ups whose date has come (once per follow-up and due
/// date, however often the job runs). One transaction: a run that fails half-way leaves nothing half done.
/// </summary>
public sealed class CheckInScheduleJob(CrmDbContext db, IClock clock, ClientChanges changes, WebhookEvents webhooks,
    ILogger<CheckInScheduleJob> logger) : ICrmJob
{
    public const string JobId = "check-in-schedule";

    /// <summary>What the run did, and how long each step took in milliseconds (facts and items, plan).</summary>
    public sealed record Result(int Closed, int Created, int Replanned, string Timings = "");

    public async Task RunAsync(CancellationToken ct) => await ScheduleAsync(ct);

    public Task<Result> ScheduleAsync(CancellationToken ct) => db.InTransactionAsync(async () =>
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await changes.EveryClientAsync(ct);
        var itemsMs = watch.ElapsedMilliseconds;
        var replanned = await FollowUpPlanning.LevelAsync(db, clock, assigneeIds: null, ct);
        await webhooks.FollowUpsDueAsync(clock.Today, ct);
        var timings = $"facts and items {itemsMs} ms, plan {watch.ElapsedMilliseconds - itemsMs} ms";
        logger.LogInformation("Check-ins: {Closed} closed, {Created} created, {Replanned} planned on a new day ({Timings})",
            outcome.Closed, outcome.Created, replanned, timings);
        return new Result(outcome.Closed, outcome.Created, replanned, timings);
    }, ct);
}
