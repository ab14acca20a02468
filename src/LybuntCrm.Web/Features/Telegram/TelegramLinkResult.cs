namespace LybuntCrm.Web.Features.Telegram;

/// <summary>What a <c>/start</c> code did.</summary>
public enum TelegramLinkResult { Linked, Unknown, Expired }
