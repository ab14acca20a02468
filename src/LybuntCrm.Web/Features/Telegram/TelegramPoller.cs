using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// Receives the bot's updates. When <c>App:BaseUrl</c> is https, Telegram is told to post them to
/// <see cref="TelegramWebhook.Path"/>; otherwise one app instance (the holder of a lease) reads them by long polling and
/// keeps the next offset in the database, so a restart or another instance carries on where it stopped.
/// </summary>
public sealed class TelegramPoller(IServiceScopeFactory scopes, IOptions<TelegramOptions> options, IConfiguration configuration,
    ILogger<TelegramPoller> logger) : BackgroundService
{
    public const string LeaseName = "telegram-updates";
    public const string OffsetSetting = "Telegram.UpdateOffset";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly string _me = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public static bool UsesWebhook(IConfiguration configuration) =>
        AppAddress.BaseUrl(configuration).StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured) return;
        await Task.Yield();
        if (UsesWebhook(configuration))
        {
            await SetWebhookAsync(stoppingToken);
            return;
        }
        var webhookRemoved = false;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var bot = scope.ServiceProvider.GetRequiredService<TelegramBot>();
                var leases = scope.ServiceProvider.GetRequiredService<ServiceLeases>();
                var timeout = Math.Clamp(options.Value.PollTimeoutSeconds, 0, 50);
                if (!await leases.TryAcquireAsync(LeaseName, _me, TimeSpan.FromSeconds(timeout + 30), stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(timeout + 5), stoppingToken);
                    continue;
                }
                var client = bot.Client();
                if (!webhookRemoved)
                {
                    // getUpdates is refused while a webhook is set (say, by an earlier https set-up).
                    await client.DeleteWebhook(cancellationToken: stoppingToken);
                    webhookRemoved = true;
                }
                await PollOnceAsync(client, timeout, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiRequestException e) when (e.ErrorCode is 401 or 404)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TelegramStatus>().RecordTokenRefusedAsync(e.Message, stoppingToken);
                logger.LogError("Telegram refused the bot token ({Code}); updates are not read until it is replaced", e.ErrorCode);
                await Task.Delay(TimeSpan.FromMinutes(5), stoppingToken);
            }
            catch (Exception e)
            {
                failures++;
                logger.LogWarning("Reading Telegram updates failed ({Failures} in a row): {Error}", failures, e.Message);
                await Task.Delay(RetryDelay * Math.Min(failures, 12), stoppingToken);
            }
        }
    }

    /// <summary>One getUpdates call; each update is handled in its own scope and the offset moves past it once handled.</summary>
    private async Task PollOnceAsync(ITelegramBotClient client, int timeout, CancellationToken ct)
    {
        int offset;
        await using (var scope = scopes.CreateAsyncScope())
            offset = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().GetIntSettingAsync(OffsetSetting, 0, ct);
        var updates = await client.GetUpdates(offset, 100, timeout, [UpdateType.Message, UpdateType.CallbackQuery], ct);
        foreach (var update in updates)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<TelegramUpdates>().HandleAsync(update, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One update that cannot be handled must not hold up those behind it.
                logger.LogError(e, "Telegram update {UpdateId} could not be handled", update.Id);
            }
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            db.ChangeTracker.Clear();
            await db.SetSettingAsync(OffsetSetting, (update.Id + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
    }

    private async Task SetWebhookAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<TelegramBot>().Client();
            await client.SetWebhook(AppAddress.BaseUrl(configuration) + TelegramWebhook.Path,
                allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery], secretToken: options.Value.WebhookSecret, cancellationToken: ct);
            logger.LogInformation("Telegram posts the bot's updates to {Path}", TelegramWebhook.Path);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Could not set the Telegram webhook: {Error}", e.Message);
        }
    }
}
