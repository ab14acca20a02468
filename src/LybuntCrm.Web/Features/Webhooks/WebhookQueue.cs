using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// The webhook outbox's queue, claimed as <see cref="OutboxQueue"/> claims emails: one conditional UPDATE marks due rows as
/// this sender's, so two app instances never send the same row; every later change is made only by the claim's holder, and
/// a claim left by a sender that stopped midway is taken back after <see cref="OutboxQueue.StaleClaimAfter"/>.
/// </summary>
public sealed class WebhookQueue(CrmDbContext db, IClock clock, ILogger<WebhookQueue> logger)
{
    /// <summary>An event is retried for this long after it happened, then given up.</summary>
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    private readonly string _me = OutboxQueue.NewClaimant();

    /// <summary>Claims up to <see cref="OutboxQueue.BatchSize"/> due deliveries of active endpoints and reads back exactly those.</summary>
    public async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var active = db.WebhookEndpoints.Where(e => e.PausedAtUtc == null).Select(e => e.Id);
        var due = db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAtUtc <= now && active.Contains(d.EndpointId))
            .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id)
            .Select(d => d.Id)
            .Take(OutboxQueue.BatchSize);
        var claimed = await db.WebhookDeliveries
            .Where(d => due.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Sending)
                .SetProperty(d => d.ClaimedBy, _me)
                .SetProperty(d => d.ClaimedAtUtc, now)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
        if (claimed == 0) return [];
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.ClaimedBy == _me && d.Status == WebhookDeliveryStatus.Sending)
            .OrderBy(d => d.Id)
            .ToListAsync(ct);
    }

    public async Task<int> ReclaimStaleAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var staleBefore = now - OutboxQueue.StaleClaimAfter;
        var count = await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Sending && d.ClaimedAtUtc < staleBefore)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.ClaimedAtUtc, (DateTime?)null)
                .SetProperty(d => d.NextAttemptAtUtc, now), ct);
        if (count > 0) logger.LogWarning("Webhooks: took back {Count} deliveries left in sending; each may arrive twice", count);
        return count;
    }

    public Task DeliveredAsync(WebhookDelivery delivery, int status, string answer, CancellationToken ct)
    {
        var now = clock.UtcNow;
        return db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered)
                .SetProperty(d => d.DeliveredAtUtc, now)
                .SetProperty(d => d.LastStatusCode, status)
                .SetProperty(d => d.LastAnswer, Truncate(answer))
                .SetProperty(d => d.ClaimedBy, (string?)null), ct);
    }

    /// <summary>
    /// Back to pending after a backoff of 1, 2, 4 … minutes (at most an hour), or failed once the event is
    /// <see cref="RetryFor"/> old. Returns false when it failed for good.
    /// </summary>
    public async Task<bool> RetryLaterAsync(WebhookDelivery delivery, int? status, string answer, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var lastTry = delivery.CreatedAtUtc + RetryFor;
        var givesUp = now >= lastTry;
        var next = now + OutboxQueue.Backoff(delivery.Attempts, MaxBackoff);
        if (next > lastTry) next = lastTry;
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, givesUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.LastStatusCode, status)
                .SetProperty(d => d.LastAnswer, Truncate(answer))
                .SetProperty(d => d.NextAttemptAtUtc, next)
                .SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.ClaimedAtUtc, (DateTime?)null), ct);
        return !givesUp;
    }

    /// <summary>Puts a claimed delivery back unsent (its endpoint already failed in this run), without counting an attempt.</summary>
    public Task ReleaseAsync(WebhookDelivery delivery, CancellationToken ct) =>
        db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                .SetProperty(d => d.Attempts, d => d.Attempts - 1)
                .SetProperty(d => d.NextAttemptAtUtc, clock.UtcNow + OutboxQueue.Backoff(1))
                .SetProperty(d => d.ClaimedBy, (string?)null)
                .SetProperty(d => d.ClaimedAtUtc, (DateTime?)null), ct);

    private static string Truncate(string text) =>
        text.Length > WebhookDelivery.AnswerMaxLength ? text[..WebhookDelivery.AnswerMaxLength] : text;
}
