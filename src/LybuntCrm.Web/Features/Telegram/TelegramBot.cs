using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// The Bot API client for the configured token and address. Its own retries are off: a 429's <c>retry_after</c> is honoured
/// by the outbox, which keeps the message and comes back to it, rather than by a request that waits.
/// </summary>
public sealed class TelegramBot(IOptions<TelegramOptions> options, IHttpClientFactory http)
{
    public const string HttpClientName = "telegram";

    public TelegramOptions Options => options.Value;

    public bool IsConfigured => options.Value.IsConfigured;

    public ITelegramBotClient Client()
    {
        var o = options.Value;
        if (!o.IsConfigured) throw new InvalidOperationException("Telegram:BotToken and Telegram:BotName are not set.");
        return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken!.Trim(), o.EffectiveApiBaseUrl) { RetryCount = 0 },
            http.CreateClient(HttpClientName));
    }
}
