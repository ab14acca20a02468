using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using MailKit;
using MailKit.Net.Imap;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// The delivery reports a sync finds: each address a report failed for for good is marked as bouncing on the report's
/// date (<see cref="EmailBounces"/>), and the outbox message it was about, found by its Message-ID, is marked failed with the
/// reason. Only the report's small parts are fetched (never the returned message's body). A report that cannot be read is
/// skipped; reading one twice changes nothing.
/// </summary>
public sealed class DeliveryReports(CrmDbContext db, EmailBounces bounces, IClock clock, ILogger<DeliveryReports> logger)
{
    private const int MaxPartBytes = 64 * 1024;

    /// <summary>Reads the reports among a folder's new messages; returns how many contacts were marked.</summary>
    public async Task<int> ReadAsync(IMailFolder folder, IReadOnlyList<SyncedMessage> reports, CancellationToken ct)
    {
        var byUid = reports.ToDictionary(r => r.Uid);
        var marked = 0;
        foreach (var summary in await folder.FetchAsync(byUid.Keys.ToList(), new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.BodyStructure), ct))
        {
            DeliveryReport? report;
            try
            {
                report = await ReadOneAsync(folder, summary, ct);
            }
            catch (Exception e) when (e is ImapCommandException or FormatException or ArgumentException or ParseException)
            {
                logger.LogInformation("Skipped a delivery report that could not be read (UID {Uid}): {Error}", summary.UniqueId.Id, e.Message);
                continue;
            }
            if (report is null || report.Failures.Count == 0) continue;
            var now = clock.UtcNow;
            var at = byUid[summary.UniqueId].Date?.UtcDateTime is { } date && date < now ? date : now;
            marked += await db.InTransactionAsync(async () =>
            {
                var count = 0;
                foreach (var failure in report.Failures) count += await bounces.MarkAsync(failure.Recipient, failure.Reason, at, ct);
                if (report.OriginalMessageId is { } messageId)
                {
                    var error = OutboxErrors.Format(OutboxErrors.Bounced, report.Failures[0].Reason);
                    await db.OutboundEmails.Where(e => e.MessageId == messageId && e.Status == EmailStatus.Sent)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(e => e.Status, EmailStatus.Failed)
                            .SetProperty(e => e.LastError, error), ct);
                }
                return count;
            }, ct);
        }
        return marked;
    }

    /// <summary>The report's status part, and the Message-ID of the returned message (its envelope, or its header part).</summary>
    private static async Task<DeliveryReport?> ReadOneAsync(IMailFolder folder, IMessageSummary summary, CancellationToken ct)
    {
        var parts = Parts(summary.Body).ToList();
        if (parts.OfType<BodyPartBasic>().FirstOrDefault(p => DeliveryReport.IsStatusPart(p.ContentType)) is not { } status) return null;
        var messageId = parts.OfType<BodyPartMessage>().Select(m => DeliveryReport.MessageIdOf(m.Envelope?.MessageId)).FirstOrDefault(id => id is not null);
        if (messageId is null && parts.OfType<BodyPartBasic>().FirstOrDefault(p => DeliveryReport.IsHeadersPart(p.ContentType)) is { } headers)
        {
            using var raw = await PartAsync(folder, summary.UniqueId, headers, ct);
            messageId = DeliveryReport.MessageIdIn(raw);
        }
        using var content = await PartAsync(folder, summary.UniqueId, status, ct);
        return DeliveryReport.Read(content, status.ContentTransferEncoding, messageId);
    }

    /// <summary>Every part of the report, not looking inside the returned message.</summary>
    private static IEnumerable<BodyPart> Parts(BodyPart? part) => part switch
    {
        null => [],
        BodyPartMultipart multipart => multipart.BodyParts.SelectMany(Parts),
        _ => [part],
    };

    private static async Task<MemoryStream> PartAsync(IMailFolder folder, UniqueId uid, BodyPart part, CancellationToken ct)
    {
        var raw = new MemoryStream();
        await using (var stream = await folder.GetStreamAsync(uid, part.PartSpecifier, 0, MaxPartBytes, ct))
            await stream.CopyToAsync(raw, ct);
        raw.Position = 0;
        return raw;
    }
}
