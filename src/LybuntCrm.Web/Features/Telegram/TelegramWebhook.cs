using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// <c>POST /telegram/webhook</c>: updates Telegram posts when the app is reached over https. Anonymous, the secret token
/// header being the proof that Telegram sent it; a wrong or missing header is 401, a body that is not an update 400.
/// </summary>
public static class TelegramWebhook
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, IOptions<TelegramOptions> options, TelegramUpdates updates,
        ILogger<TelegramUpdates> logger, CancellationToken ct)
    {
        if (!options.Value.IsConfigured) return Results.NotFound();
        var sent = http.Request.Headers[SecretHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(options.Value.WebhookSecret)))
            return Results.Unauthorized();
        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(http.Request.Body, JsonBotAPI.Options, ct);
        }
        catch (JsonException)
        {
            logger.LogWarning("A Telegram webhook call did not hold an update");
            return Results.BadRequest();
        }
        if (update is null) return Results.BadRequest();
        await updates.HandleAsync(update, ct);
        return Results.Ok();
    }
}
