namespace LybuntCrm.Web.Features.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>Webhook events, their outbox queue and sender, and the HTTP client that connects only where the guard allows.</summary>
    public static IServiceCollection AddCrmWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSubscriptions>();
        services.AddSingleton<WebhookSecrets>();
        services.AddScoped<WebhookEvents>();
        services.AddScoped<WebhookQueue>();
        services.AddScoped<WebhookPausing>();
        services.AddScoped<WebhookEndpoints>();
        // The time limit is applied per request (Webhooks:TimeoutSeconds); no redirects, so a receiver cannot point the
        // request elsewhere, and every connection goes through the address guard.
        services.AddHttpClient(WebhookSendJob.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = WebhookAddressGuard.ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        return services;
    }
}
