using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// What the bot does with an update, whether it came by long polling or by webhook: <c>/start CODE</c> links the chat,
/// <c>/stop</c> unlinks it, <c>/today</c> sends the day's list, and a button on a follow-up acts on it through the same
/// code as Today's buttons. A button works once per message; anything the bot does not understand gets a short help.
/// </summary>
public sealed class TelegramUpdates(CrmDbContext db, IClock clock, TelegramBot bot, TelegramLinks links, FollowUpActions actions,
    DigestBuilder digests, TelegramDailyList dailyList, Outbox outbox, TelegramSender sender, HouseCurrency houseCurrency,
    IStringLocalizer<SharedResource> t, ILogger<TelegramUpdates> logger)
{
    public async Task HandleAsync(Update update, CancellationToken ct = default)
    {
        if (update.CallbackQuery is { } callback) await CallbackAsync(callback, ct);
        else if (update.Message is { Text: { } text, Chat.Type: ChatType.Private } message) await CommandAsync(update.Id, message, text.Trim(), ct);
    }

    private async Task CommandAsync(int updateId, Message message, string text, CancellationToken ct)
    {
        var chatId = message.Chat.Id;
        var command = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var verb = command.Length == 0 ? "" : command[0].Split('@')[0].ToLowerInvariant();
        var user = await links.UserOfChatAsync(chatId, ct);
        switch (verb)
        {
            case "/start" when command.Length == 2:
                var (result, linked) = await links.LinkAsync(command[1], chatId, ct);
                var culture = linked?.Culture ?? user?.Culture ?? LanguageOf(message.From);
                await ReplyAsync(chatId, culture, result switch
                {
                    TelegramLinkResult.Linked => Say(culture, T("You are connected, {0}. Your daily list will come here. Send /today for today's list or /stop to disconnect."), Bidi.Isolate(linked!.DisplayName)),
                    TelegramLinkResult.Expired => Say(culture, T("This link has expired. Open Account → Telegram in LybuntCrm for a new one.")),
                    _ => Say(culture, T("This link is not valid. Open Account → Telegram in LybuntCrm for a new one.")),
                }, ct);
                break;
            case "/stop" when user is not null:
                await links.UnlinkAsync(user.Id, ct);
                await ReplyAsync(chatId, user.Culture, Say(user.Culture, T("Disconnected. Your daily list will come by email.")), ct);
                break;
            case "/today" when user is not null:
                await SendTodayAsync(user, updateId, ct);
                break;
            default:
                var language = user?.Culture ?? LanguageOf(message.From);
                await ReplyAsync(chatId, language, user is null
                    ? Say(language, T("This chat is not connected to LybuntCrm. Open Account → Telegram there and press Connect."))
                    : Say(language, T("Send /today for today's list or /stop to disconnect.")), ct);
                break;
        }
    }

    /// <summary>The day's list on request: written to the outbox as new rows (a list asked for twice comes twice), then sent.</summary>
    private async Task SendTodayAsync(AppUser user, int updateId, CancellationToken ct)
    {
        var recipient = new DigestRecipient(user.Id, user.Email ?? "", user.DisplayName, user.Culture, user.TimeZoneId,
            clock.TodayIn(user.TimeZoneId), user.UseSolarHijri);
        var content = (await digests.BuildAsync([recipient], ct))[0];
        var suffix = string.Create(CultureInfo.InvariantCulture, $"-u{updateId}");
        await outbox.EnqueueTelegramAsync(dailyList.Render(content, user.TelegramChatId!.Value, suffix), ct);
        await sender.SendPendingAsync(ct);
    }

    private async Task CallbackAsync(CallbackQuery callback, CancellationToken ct)
    {
        // Buttons live on the bot's own messages in a private chat: the chat says who pressed.
        if (callback.Message is not { } message)
        {
            await AnswerAsync(callback.Id, null, ct);
            return;
        }
        var chatId = message.Chat.Id;
        var user = await links.UserOfChatAsync(chatId, ct);
        if (user is null)
        {
            var language = LanguageOf(callback.From);
            await AnswerAsync(callback.Id, Say(language, T("This chat is not connected to LybuntCrm. Open Account → Telegram there and press Connect.")), ct);
            return;
        }
        if (!TelegramCallback.TryRead(callback.Data, out var action, out var followUpId))
        {
            await AnswerAsync(callback.Id, null, ct);
            return;
        }

        using var _ = CultureScope.Use(user.Culture);
        var f = DisplayFormat.For(user.Culture, user.UseSolarHijri, houseCurrency.Code);
        var followUp = await db.FollowUps.Include(x => x.Client).FirstOrDefaultAsync(x => x.Id == followUpId, ct);
        var isAdmin = await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin), ct);
        var refusal = followUp switch
        {
            null => t["This follow-up no longer exists"].Value,
            _ when FollowUpActions.IsClosed(followUp) => t["This follow-up is already closed"].Value,
            _ when followUp.AssigneeId != user.Id && !isAdmin => t["This follow-up is now someone else's"].Value,
            _ => null,
        };
        if (refusal is not null)
        {
            await AnswerAsync(callback.Id, refusal, ct);
            return;
        }

        var linkId = string.Create(CultureInfo.InvariantCulture, $"tg-{chatId}-{message.Id}");
        string done;
        try
        {
            done = await db.InTransactionAsync(async () =>
            {
                // First the use of this message's buttons: a second press racing this one fails on the unique index, before any change.
                db.ActionLinkUses.Add(new ActionLinkUse { LinkId = linkId, UserId = user.Id, UsedAtUtc = clock.UtcNow });
                await db.SaveChangesAsync(ct);
                return await actions.ApplyQuickActionAsync(followUp!, action, user.Id, followUp!.Client!.Name, t, f, ct);
            }, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ActionLinkUses.AnyAsync(u => u.LinkId == linkId, ct)) throw;
            await AnswerAsync(callback.Id, t["This link was already used"].Value, ct);
            return;
        }
        await AnswerAsync(callback.Id, done, ct);
        try
        {
            await bot.Client().EditMessageText(chatId, message.Id, dailyList.Done(user.Culture, done, user.DisplayName), ParseMode.Html, cancellationToken: ct);
        }
        catch (RequestException e)
        {
            // The touch is logged; a message that cannot be edited (too old, deleted) only keeps its buttons.
            logger.LogWarning("Could not edit Telegram message {MessageId}: {Error}", message.Id, e.Message);
        }
    }

    private async Task AnswerAsync(string callbackId, string? text, CancellationToken ct)
    {
        try
        {
            await bot.Client().AnswerCallbackQuery(callbackId, text, cancellationToken: ct);
        }
        catch (RequestException e)
        {
            logger.LogWarning("Could not answer a Telegram button: {Error}", e.Message);
        }
    }

    /// <summary>A reply to a command, sent at once (a person is waiting for it) rather than through the outbox.</summary>
    private async Task ReplyAsync(long chatId, string culture, string text, CancellationToken ct)
    {
        using var _ = CultureScope.Use(culture);
        var html = TelegramDailyList.Direction(CultureInfo.CurrentUICulture.TextInfo.IsRightToLeft, TelegramDailyList.E(text));
        try
        {
            await bot.Client().SendMessage(chatId, html, ParseMode.Html, cancellationToken: ct);
        }
        catch (RequestException e)
        {
            logger.LogWarning("Could not reply in Telegram: {Error}", e.Message);
        }
    }

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); <see cref="Say"/> translates it.</summary>
    private static string T(string english) => english;

    private string Say(string culture, string text, params object[] args)
    {
        using var _ = CultureScope.Use(culture);
        return t[text, args].Value;
    }

    /// <summary>Before a chat is linked, the language Telegram reports for the person, when it is one the app speaks.</summary>
    private static string LanguageOf(User? from)
    {
        var code = (from?.LanguageCode ?? "").Split('-')[0].ToLowerInvariant();
        return CultureScope.IsSupported(code) ? code : "en";
    }
}
