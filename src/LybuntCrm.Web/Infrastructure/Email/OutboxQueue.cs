using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// The outbox's queue, for each channel's sender: messages are claimed with one conditional UPDATE, so two senders never
/// take the same one, and each state change is made only by the sender holding the claim. A claim left by a sender that
/// stopped midway is taken back after <see cref="StaleClaimAfter"/> and counted as a possible duplicate in <c>DeliveryCount</c>.
/// </summary>
public sealed class OutboxQueue(CrmDbContext db, IClock clock, ILogger<OutboxQueue> logger)
{
    public static readonly TimeSpan StaleClaimAfter = TimeSpan.FromMinutes(10);
    public const int MaxAttempts = 10;
    public const int BatchSize = 50;

    private readonly string _me = NewClaimant();

    /// <summary>Who holds a claim: this machine, process and queue instance (the webhook queue claims the same way).</summary>
    public static string NewClaimant() => $"{Truncate(Environment.MachineName, 50)}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Retry delay after the given number of attempts: 1, 2, 4, 8 … minutes, at most two hours.</summary>
    public static TimeSpan Backoff(int attempts) => Backoff(attempts, TimeSpan.FromHours(2));

    /// <summary>Retry delay after the given number of attempts: 1, 2, 4, 8 … minutes, at most <paramref name="cap"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan cap) =>
        TimeSpan.FromMinutes(Math.Min(cap.TotalMinutes, Math.Pow(2, Math.Min(30, Math.Max(0, attempts - 1)))));

    /// <summary>Claims up to <see cref="BatchSize"/> due messages for this sender and reads back exactly those.</summary>
    public async Task<List<OutboundEmail>> ClaimAsync(OutboxChannel channel, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var due = db.OutboundEmails
            .Where(e => e.Status == EmailStatus.Pending && e.NextAttemptAtUtc <= now && e.Channel == channel)
            .OrderBy(e => e.NextAttemptAtUtc).ThenBy(e => e.Id)
            .Select(e => e.Id)
            .Take(BatchSize);
        var claimed = await db.OutboundEmails
            .Where(e => due.Contains(e.Id) && e.Status == EmailStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Sending)
                .SetProperty(e => e.ClaimedBy, _me)
                .SetProperty(e => e.ClaimedAtUtc, now)
                .SetProperty(e => e.Attempts, e => e.Attempts + 1), ct);
        if (claimed == 0) return [];
        return await db.OutboundEmails.AsNoTracking()
            .Where(e => e.ClaimedBy == _me && e.Status == EmailStatus.Sending)
            .OrderBy(e => e.Id)
            .ToListAsync(ct);
    }

    public async Task<int> ReclaimStaleAsync(CancellationToken ct)
    {
        var now = clock.UtcNow;
        var staleBefore = now - StaleClaimAfter;
        var count = await db.OutboundEmails
            .Where(e => e.Status == EmailStatus.Sending && e.ClaimedAtUtc < staleBefore)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.ClaimedBy, (string?)null)
                .SetProperty(e => e.ClaimedAtUtc, (DateTime?)null)
                .SetProperty(e => e.NextAttemptAtUtc, now)
                // The server may have accepted it before the sender stopped: count that possible delivery.
                .SetProperty(e => e.DeliveryCount, e => e.DeliveryCount + 1)
                .SetProperty(e => e.LastError, OutboxErrors.Interrupted), ct);
        if (count > 0) logger.LogWarning("Outbox: took back {Count} messages left in sending; each may arrive twice", count);
        return count;
    }

    public Task MarkSentAsync(OutboundEmail email, CancellationToken ct)
    {
        var now = clock.UtcNow;
        return db.OutboundEmails.Where(e => e.Id == email.Id && e.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Sent)
                .SetProperty(e => e.SentAtUtc, now)
                .SetProperty(e => e.DeliveryCount, e => e.DeliveryCount + 1)
                .SetProperty(e => e.ClaimedBy, (string?)null), ct);
    }

    public Task FailAsync(OutboundEmail email, string error, CancellationToken ct) =>
        db.OutboundEmails.Where(e => e.Id == email.Id && e.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Failed)
                .SetProperty(e => e.LastError, Truncate(error))
                .SetProperty(e => e.ClaimedBy, (string?)null), ct);

    /// <summary>
    /// Back to pending with backoff, or after <paramref name="after"/> when the other side said how long to wait; after
    /// <see cref="MaxAttempts"/> the message fails. Returns false when it failed.
    /// </summary>
    public async Task<bool> RetryLaterAsync(OutboundEmail email, string error, CancellationToken ct, TimeSpan? after = null)
    {
        if (email.Attempts >= MaxAttempts)
        {
            await FailAsync(email, OutboxErrors.Format(OutboxErrors.GaveUp, email.Attempts, error), ct);
            return false;
        }
        var next = clock.UtcNow + (after ?? Backoff(email.Attempts));
        await db.OutboundEmails.Where(e => e.Id == email.Id && e.ClaimedBy == _me)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.LastError, Truncate(error))
                .SetProperty(e => e.NextAttemptAtUtc, next)
                .SetProperty(e => e.ClaimedBy, (string?)null)
                .SetProperty(e => e.ClaimedAtUtc, (DateTime?)null), ct);
        return true;
    }

    private static string Truncate(string text, int max = 2000) => text.Length > max ? text[..max] : text;
}
