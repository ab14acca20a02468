using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Jobs;

namespace LybuntCrm.Web.Features.Digest;

public static class DigestSettings
{
    /// <summary>When "true", a manager with nothing to do still gets a short "all clear" email.</summary>
    public const string SendAllClear = "Digest.SendAllClear";
}

/// <summary>
/// Hourly: writes one digest to the outbox for each manager whose local digest hour has come. The outbox's unique
/// (recipient, kind, date) index makes a second run, or a run on a second server, write nothing more.
/// </summary>
public sealed class DailyDigestJob(DigestBuilder builder, DigestTemplate template, Outbox outbox, CrmDbContext db,
    Telegram.TelegramBot bot, Telegram.TelegramDailyList telegramList, ILogger<DailyDigestJob> logger) : ICrmJob
{
    public const string JobId = "daily-digest";

    public async Task RunAsync(CancellationToken ct) => await WriteDigestsAsync(ct);

    /// <summary>Returns how many messages were written: digest emails and Telegram messages.</summary>
    public async Task<int> WriteDigestsAsync(CancellationToken ct = default)
    {
        var recipients = await builder.DueRecipientsAsync(bot.IsConfigured, ct);
        if (recipients.Count == 0) return 0;
        var allClear = string.Equals(await db.GetSettingAsync(DigestSettings.SendAllClear, ct), "true", StringComparison.OrdinalIgnoreCase);
        var digests = (await builder.BuildAsync(recipients, ct)).Where(d => allClear || !d.IsEmpty).ToList();
        var written = await outbox.EnqueueAsync(digests.Where(d => d.Recipient.ByEmail).Select(template.Render).ToList(), ct);
        var chats = digests.Where(d => d.Recipient.TelegramChatId is not null).ToList();
        var telegramMessages = await outbox.EnqueueTelegramAsync(chats.SelectMany(d => telegramList.Render(d, d.Recipient.TelegramChatId!.Value)).ToList(), ct);
        logger.LogInformation("Daily digest: {Due} managers due, {Written} emails and {Telegram} Telegram messages written",
            recipients.Count, written, telegramMessages);
        return written + telegramMessages;
    }
}
