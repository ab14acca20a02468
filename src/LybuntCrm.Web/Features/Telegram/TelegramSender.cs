using System.Globalization;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// Delivers the outbox's Telegram messages through the Bot API. Network errors and 5xx are retried with the outbox's
/// backoff, a 429 after its <c>retry_after</c>; a chat that blocked the bot fails its messages and is marked on its
/// person; a refused token is recorded for the admin and stops all sending until the token changes.
/// </summary>
public sealed class TelegramSender(CrmDbContext db, TelegramBot bot, OutboxQueue queue, TelegramStatus status, IClock clock,
    ILogger<TelegramSender> logger)
{
    public const int MaxPerRun = 1000;

    public async Task<OutboxRunResult> SendPendingAsync(CancellationToken ct = default)
    {
        if (!bot.IsConfigured || await status.TokenProblemAsync(ct) is not null) return new OutboxRunResult(0, 0, 0, 0);
        var client = bot.Client();
        int sent = 0, retrying = 0, failed = 0, handled = 0;
        // Once Telegram asks to wait, or cannot be reached, the rest of the run waits too rather than knocking again.
        (string Error, TimeSpan? After)? holdBack = null;
        var stop = false;
        // Chats that blocked the bot in this run: their messages already claimed fail without another try.
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        while (handled < MaxPerRun && !stop)
        {
            var batch = await queue.ClaimAsync(OutboxChannel.Telegram, ct);
            if (batch.Count == 0) break;
            handled += batch.Count;
            foreach (var message in batch)
            {
                if (blocked.Contains(message.Recipient))
                {
                    await queue.FailAsync(message, OutboxErrors.Format(OutboxErrors.TelegramBlocked, "403"), ct);
                    failed++;
                    continue;
                }
                if (holdBack is { } hold)
                {
                    if (await queue.RetryLaterAsync(message, hold.Error, ct, hold.After)) retrying++;
                    else failed++;
                    continue;
                }
                try
                {
                    await SendAsync(client, message, ct);
                    await queue.MarkSentAsync(message, ct);
                    sent++;
                }
                catch (ApiRequestException e) when (e.ErrorCode == 429)
                {
                    var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 30));
                    holdBack = (OutboxErrors.Format(OutboxErrors.TelegramRefused, e.ErrorCode, e.Message), wait);
                    if (await queue.RetryLaterAsync(message, holdBack.Value.Error, ct, wait)) retrying++;
                    else failed++;
                    stop = true;
                }
                catch (ApiRequestException e) when (e.ErrorCode is 401 or 404)
                {
                    // 404 is what the Bot API answers for a token it does not know at all.
                    logger.LogError("Telegram refused the bot token ({Code}); nothing more is sent until it is replaced", e.ErrorCode);
                    await status.RecordTokenRefusedAsync(e.Message, ct);
                    await queue.FailAsync(message, OutboxErrors.Format(OutboxErrors.TelegramTokenRefused, e.Message), ct);
                    failed++;
                    holdBack = (OutboxErrors.Format(OutboxErrors.TelegramTokenRefused, e.Message), TimeSpan.FromHours(1));
                    stop = true;
                }
                catch (ApiRequestException e) when (e.ErrorCode == 403)
                {
                    blocked.Add(message.Recipient);
                    failed += await ChatBlockedAsync(message, e.Message, ct);
                }
                catch (ApiRequestException e) when (e.ErrorCode >= 500)
                {
                    if (await queue.RetryLaterAsync(message, OutboxErrors.Format(OutboxErrors.TelegramRefused, e.ErrorCode, e.Message), ct)) retrying++;
                    else failed++;
                }
                catch (ApiRequestException e)
                {
                    logger.LogWarning("Telegram refused message {Id}: {Code} {Error}", message.Id, e.ErrorCode, e.Message);
                    await queue.FailAsync(message, OutboxErrors.Format(OutboxErrors.TelegramRefused, e.ErrorCode, e.Message), ct);
                    failed++;
                }
                catch (Exception e) when (e is RequestException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    holdBack = (OutboxErrors.Format(OutboxErrors.TelegramUnreachable, e.Message), null);
                    if (await queue.RetryLaterAsync(message, holdBack.Value.Error, ct)) retrying++;
                    else failed++;
                    stop = true;
                }
            }
        }
        if (sent + retrying + failed > 0)
            logger.LogInformation("Telegram: {Sent} sent, {Retrying} to retry, {Failed} failed", sent, retrying, failed);
        return new OutboxRunResult(sent, retrying, failed, 0);
    }

    private static async Task SendAsync(ITelegramBotClient client, OutboundEmail message, CancellationToken ct)
    {
        var chatId = long.Parse(message.Recipient, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var keyboard = string.IsNullOrEmpty(message.ReplyMarkup) ? null : JsonSerializer.Deserialize<InlineKeyboardMarkup>(message.ReplyMarkup, JsonBotAPI.Options);
        await client.SendMessage(chatId, message.HtmlBody, ParseMode.Html, replyMarkup: keyboard,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct);
    }

    /// <summary>
    /// The person blocked the bot: this message and every other one waiting for that chat fail now, and the person is marked
    /// so that their next daily list goes by email. Returns how many messages failed.
    /// </summary>
    private async Task<int> ChatBlockedAsync(OutboundEmail message, string description, CancellationToken ct)
    {
        logger.LogWarning("A Telegram chat blocked the bot; its messages are not sent");
        var error = OutboxErrors.Format(OutboxErrors.TelegramBlocked, description);
        await queue.FailAsync(message, error, ct);
        var chatId = long.Parse(message.Recipient, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var now = clock.UtcNow;
        await db.Users.Where(u => u.TelegramChatId == chatId).ExecuteUpdateAsync(s => s.SetProperty(u => u.TelegramBlockedAtUtc, now), ct);
        var others = await db.OutboundEmails
            .Where(e => e.Channel == OutboxChannel.Telegram && e.Recipient == message.Recipient && e.Status == EmailStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Failed).SetProperty(e => e.LastError, error), ct);
        return 1 + others;
    }
}
