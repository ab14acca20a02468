using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>A message to put in the outbox; at most one exists per recipient, kind and date.</summary>
public sealed record OutboxMessage(string Recipient, string? RecipientName, string Kind, DateOnly ForDate, string Subject, string HtmlBody, string TextBody);

/// <summary>Writes messages to the outbox table; the sender delivers them. Writing is insert-if-absent on the unique index.</summary>
public sealed class Outbox(CrmDbContext db, IClock clock, IConfiguration configuration, ILogger<Outbox> logger)
{
    public const string DigestKind = "digest";
    public const string TestKind = "test";

    /// <summary>Inserts the messages that do not exist yet and returns how many were new.</summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0) return 0;
        var now = clock.UtcNow;
        var host = MessageIdHost();
        var inserted = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var m in messages)
        {
            var recipient = m.Recipient.Trim();
            if (!MailAddressRules.IsValidAddress(recipient))
            {
                logger.LogWarning("Skipped a {Kind} message: the recipient address is not valid", m.Kind);
                continue;
            }
            var name = NullIfEmpty(MailAddressRules.CleanHeaderText(m.RecipientName));
            var subject = MailAddressRules.CleanHeaderText(m.Subject, 300);
            var messageId = NewMessageId(m.Kind, host);
            var pending = nameof(EmailStatus.Pending);
            inserted += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "OutboundEmails" ("Recipient", "RecipientName", "Kind", "ForDate", "Subject", "HtmlBody", "TextBody",
                    "Status", "Attempts", "MessageId", "CreatedAtUtc", "NextAttemptAtUtc", "DeliveryCount")
                VALUES ({recipient}, {name}, {m.Kind}, {m.ForDate}, {subject}, {m.HtmlBody}, {m.TextBody},
                    {pending}, 0, {messageId}, {now}, {now}, 0)
                ON CONFLICT ("Recipient", "Kind", "ForDate") DO NOTHING
                """, ct);
        }
        await transaction.CommitAsync(ct);
        return inserted;
    }

    /// <summary>Inserts the Telegram messages that do not exist yet (one per chat, kind and date) and returns how many were new.</summary>
    public async Task<int> EnqueueTelegramAsync(IReadOnlyList<Features.Telegram.TelegramMessage> messages, CancellationToken ct = default)
    {
        if (messages.Count == 0) return 0;
        var now = clock.UtcNow;
        var inserted = 0;
        var pending = nameof(EmailStatus.Pending);
        var channel = nameof(OutboxChannel.Telegram);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var m in messages)
        {
            var chat = m.ChatId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var messageId = NewMessageId("telegram", MessageIdHost());
            var name = NullIfEmpty(MailAddressRules.CleanHeaderText(m.RecipientName));
            var subject = MailAddressRules.CleanHeaderText(m.Subject, 300);
            inserted += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "OutboundEmails" ("Channel", "Recipient", "RecipientName", "Kind", "ForDate", "Subject", "HtmlBody", "TextBody", "ReplyMarkup",
                    "Status", "Attempts", "MessageId", "CreatedAtUtc", "NextAttemptAtUtc", "DeliveryCount", "ClientId", "FollowUpId")
                VALUES ({channel}, {chat}, {name}, {m.Kind}, {m.ForDate}, {subject}, {m.Html}, '', {m.ReplyMarkup},
                    {pending}, 0, {messageId}, {now}, {now}, 0, {m.ClientId}, {m.FollowUpId})
                ON CONFLICT ("Recipient", "Kind", "ForDate") DO NOTHING
                """, ct);
        }
        await transaction.CommitAsync(ct);
        return inserted;
    }

    /// <summary>The prefix of the Message-ID of a message a manager wrote (a token in the kind would not be a valid id).</summary>
    public const string WrittenKind = "write";

    /// <summary>
    /// Inserts a message a manager wrote, in the caller's transaction, and returns its Message-ID; null when a row with the
    /// same recipient, kind and date exists already (the same form posted twice).
    /// </summary>
    public async Task<string?> EnqueueWrittenAsync(ClientEmail m, CancellationToken ct = default)
    {
        var recipient = m.Recipient.Trim();
        if (!MailAddressRules.IsValidAddress(recipient)) throw new ArgumentException("The recipient address is not valid.", nameof(m));
        var now = clock.UtcNow;
        var name = NullIfEmpty(MailAddressRules.CleanHeaderText(m.RecipientName));
        var subject = MailAddressRules.CleanHeaderText(m.Subject, 300);
        var replyTo = MailAddressRules.IsValidAddress(m.ReplyTo) ? m.ReplyTo!.Trim() : null;
        var messageId = NewMessageId(WrittenKind, MessageIdHost());
        var pending = nameof(EmailStatus.Pending);
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "OutboundEmails" ("Recipient", "RecipientName", "Kind", "ForDate", "Subject", "HtmlBody", "TextBody",
                "Status", "Attempts", "MessageId", "CreatedAtUtc", "NextAttemptAtUtc", "DeliveryCount",
                "SentByUserId", "ReplyTo", "ClientId", "ContactId", "FollowUpId")
            VALUES ({recipient}, {name}, {m.Kind}, {m.ForDate}, {subject}, {m.HtmlBody}, {m.TextBody},
                {pending}, 0, {messageId}, {now}, {now}, 0,
                {m.SentByUserId}, {replyTo}, {m.ClientId}, {m.ContactId}, {m.FollowUpId})
            ON CONFLICT ("Recipient", "Kind", "ForDate") DO NOTHING
            """, ct);
        return inserted == 1 ? messageId : null;
    }

    /// <summary>Queues a test message; sending another test to the same address on the same day queues that row again.</summary>
    public async Task QueueTestAsync(string recipient, string subject, string html, string text, CancellationToken ct = default)
    {
        var today = clock.Today;
        var inserted = await EnqueueAsync([new OutboxMessage(recipient, null, TestKind, today, subject, html, text)], ct);
        if (inserted > 0) return;
        var now = clock.UtcNow;
        var messageId = NewMessageId(TestKind, MessageIdHost());
        await db.OutboundEmails.Where(e => e.Recipient == recipient && e.Kind == TestKind && e.ForDate == today && e.Status != EmailStatus.Sending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.LastError, (string?)null)
                .SetProperty(e => e.NextAttemptAtUtc, now)
                .SetProperty(e => e.MessageId, messageId)
                .SetProperty(e => e.Subject, subject)
                .SetProperty(e => e.HtmlBody, html)
                .SetProperty(e => e.TextBody, text), ct);
    }

    /// <summary>Puts a failed message back in the queue. Returns false when it is not failed.</summary>
    public async Task<bool> ResendAsync(int id, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        return await db.OutboundEmails.Where(e => e.Id == id && e.Status == EmailStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, EmailStatus.Pending)
                .SetProperty(e => e.Attempts, 0)
                .SetProperty(e => e.NextAttemptAtUtc, now)
                .SetProperty(e => e.ClaimedBy, (string?)null)
                .SetProperty(e => e.ClaimedAtUtc, (DateTime?)null), ct) == 1;
    }

    /// <summary>A Message-ID fixed when the message is written, so every delivery of it carries the same id.</summary>
    public static string NewMessageId(string kind, string host) => $"{kind}-{Guid.NewGuid():N}@{host}";

    private string MessageIdHost() => AppAddress.Host(configuration);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
