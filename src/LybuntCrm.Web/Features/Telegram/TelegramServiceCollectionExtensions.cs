using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.Web.Features.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>The bot: its client, links, daily list, sender, update handling and the poller (idle without a token).</summary>
    public static IServiceCollection AddCrmTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelegramOptions>(configuration.GetSection(TelegramOptions.Section));
        // Longer than the longest getUpdates wait, so a long poll is not cut off as a timeout.
        services.AddHttpClient(TelegramBot.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(90));
        services.AddScoped<TelegramBot>();
        services.AddScoped<TelegramLinks>();
        services.AddScoped<TelegramStatus>();
        services.AddScoped<TelegramDailyList>();
        services.AddScoped<TelegramSender>();
        services.AddScoped<TelegramUpdates>();
        services.AddScoped<ServiceLeases>();
        return services;
    }

    /// <summary>The poller runs in the web app only, never under a command-line verb.</summary>
    public static IServiceCollection AddCrmTelegramPoller(this IServiceCollection services)
    {
        services.AddHostedService<TelegramPoller>();
        return services;
    }
}
