using System.Security.Cryptography;
using System.Text;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// Configuration section <c>Telegram</c>. Without a bot token the bot is off and the Telegram page says so. The token is
/// only handed to the Bot API client; nothing logs this object.
/// </summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";
    public const string OfficialApiBaseUrl = "https://api.telegram.org";

    public string? BotToken { get; set; }
    /// <summary>The bot's user name without "@", for the t.me "Connect" link.</summary>
    public string? BotName { get; set; }
    public string? ApiBaseUrl { get; set; }
    /// <summary>How long one getUpdates call waits for news (long polling).</summary>
    public int PollTimeoutSeconds { get; set; } = 25;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BotToken) && !string.IsNullOrWhiteSpace(BotName);

    public string EffectiveApiBaseUrl => string.IsNullOrWhiteSpace(ApiBaseUrl) ? OfficialApiBaseUrl : ApiBaseUrl.Trim().TrimEnd('/');

    public string CleanBotName => (BotName ?? "").Trim().TrimStart('@');

    /// <summary>
    /// The secret Telegram sends back in the X-Telegram-Bot-Api-Secret-Token header of each webhook call: derived from the
    /// token, so every app instance knows it without storing another secret, and it changes when the token does.
    /// </summary>
    public string WebhookSecret => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(BotToken ?? ""), "LybuntCrm.Telegram.Webhook"u8));

    /// <summary>A short fingerprint of the token, to tell whether a refusal recorded earlier was about the token in use now.</summary>
    public string TokenFingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BotToken ?? "")))[..16];
}
