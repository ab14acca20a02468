namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// A Telegram message for the outbox: at most one per chat, kind and date. <see cref="Html"/> is in the Bot API's HTML parse
/// mode with every value escaped; <see cref="ReplyMarkup"/> is its inline keyboard as the Bot API's JSON. The name and
/// subject are what the Outbox page lists it by.
/// </summary>
public sealed record TelegramMessage(long ChatId, string? RecipientName, string Kind, DateOnly ForDate, string Subject, string Html,
    string? ReplyMarkup = null, int? FollowUpId = null, int? ClientId = null);
