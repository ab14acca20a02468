namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// A Telegram message for the outbox: at most one per chat, kind and date. <see cref="Html"/> is in the Bot API's HTML parse
/// mode with every value escaped; <see cref="ReplyMarkup"/> is its inline keyboard as the Bot API's JSON.
/// </summary>
public sealed record TelegramMessage(long ChatId, string Kind, DateOnly ForDate, string Html, string? ReplyMarkup = null,
    int? FollowUpId = null, int? ClientId = null);
