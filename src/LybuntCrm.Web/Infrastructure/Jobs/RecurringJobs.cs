using Hangfire;
using LybuntCrm.Web.Features.Lybunt;

namespace LybuntCrm.Web.Infrastructure.Jobs;

/// <summary>A unit of background work that re-derives everything it needs from the database, so running it twice is safe.</summary>
public interface ICrmJob
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>
/// One recurring job: its id (used by the dashboard, the admin buttons and <c>jobs run</c>), schedule, type, and its name and
/// description in English (resource keys: pages show them with <c>T[job.Name]</c>, the schedule with <c>CronText</c>).
/// </summary>
public sealed record JobDefinition(string Id, string Cron, Type JobType, string Name, string Description);

/// <summary>The one place recurring jobs are declared and registered.</summary>
public static class RecurringJobs
{
    public static IReadOnlyList<JobDefinition> All { get; } =
    [
        new(LybuntFlagJob.JobId, "15 2 * * *", typeof(LybuntFlagJob), T("LYBUNT and SYBUNT flags"),
            T("Flag LYBUNT and SYBUNT clients, recover buyers, create win-backs")),
        new(Features.Prospects.ProspectReviewJob.JobId, "20 2 * * 1", typeof(Features.Prospects.ProspectReviewJob), T("Prospect review"),
            T("Weekly review of prospects with warning signals; brings back prospects whose revisit date has come")),
        new(Features.Today.OccasionScheduleJob.JobId, "30 2 * * *", typeof(Features.Today.OccasionScheduleJob), T("Occasions"),
            T("Creates follow-ups a few days before birthdays, anniversaries and delivered-project dates")),
        new(Features.Today.CheckInScheduleJob.JobId, "45 2 * * *", typeof(Features.Today.CheckInScheduleJob), T("Check-ins and daily plans"),
            T("Keeps one check-in per client on the cadence and plans every manager's follow-ups within daily capacity")),
        new(Features.Clients.Duplicates.DuplicateScanJob.JobId, "0 3 * * *", typeof(Features.Clients.Duplicates.DuplicateScanJob),
            T("Duplicate scan"), T("Finds clients that look like one (same phone, email, external id or domain, alike names) for review")),
        new(Features.Digest.DailyDigestJob.JobId, "5 * * * *", typeof(Features.Digest.DailyDigestJob), T("Daily digest"),
            T("Writes each manager's daily email at their local digest hour")),
        new(Features.Mailboxes.MailboxSyncJob.JobId, "*/5 * * * *", typeof(Features.Mailboxes.MailboxSyncJob), T("Mailbox sync"),
            T("Logs the messages exchanged with clients in connected mailboxes as touches")),
        new(Email.OutboxSendJob.JobId, "* * * * *", typeof(Email.OutboxSendJob), T("Outbox"), T("Sends the emails and Telegram messages waiting in the outbox")),
        new(Features.Webhooks.WebhookSendJob.JobId, "* * * * *", typeof(Features.Webhooks.WebhookSendJob), T("Webhooks"),
            T("Sends the events waiting for webhook endpoints and pauses endpoints that fail for a day")),
    ];

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); it is translated where it is shown.</summary>
    private static string T(string english) => english;

    public static JobDefinition? Find(string id) => All.FirstOrDefault(j => j.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    public static void Register(IRecurringJobManager manager, TimeZoneInfo zone)
    {
        foreach (var job in All)
        {
            manager.AddOrUpdate<JobRunner>(job.Id, r => r.RunAsync(job.Id, CancellationToken.None), job.Cron,
                new RecurringJobOptions { TimeZone = zone });
        }
    }
}

/// <summary>Runs a job by id in its own scope; Hangfire, the admin pages and the command line all go through here.</summary>
public sealed class JobRunner(IServiceProvider services, ILogger<JobRunner> logger)
{
    // No DisableConcurrentExecution: its lock would be shared by every job run through this method, so a long job
    // would hold up the outbox. Jobs are idempotent and claim their work atomically instead.
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(string jobId, CancellationToken ct)
    {
        var definition = RecurringJobs.Find(jobId) ?? throw new ArgumentException($"Unknown job '{jobId}'.", nameof(jobId));
        var job = (ICrmJob)services.GetRequiredService(definition.JobType);
        var started = System.Diagnostics.Stopwatch.StartNew();
        logger.LogInformation("Job {JobId} started", definition.Id);
        await job.RunAsync(ct);
        logger.LogInformation("Job {JobId} finished in {ElapsedMs} ms", definition.Id, started.ElapsedMilliseconds);
    }
}
