using System.Security.Claims;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Webhooks;

/// <summary>Endpoints registered as the admin page registers them, and the send job run by hand.</summary>
internal static class WebhookTestApp
{
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    public static ClaimsPrincipal Admin(string adminId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));

    /// <summary>Allows private addresses (the receiver is on 127.0.0.1) and registers an endpoint; returns its id and secret.</summary>
    public static async Task<(int Id, string Secret)> RegisterAsync(this CrmApp app, string url, params string[] events)
    {
        var (adminId, _, _) = await app.EnsureStandardUsersAsync();
        return await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<CrmDbContext>();
            await WebhookSettings.SetAllowPrivateAddressesAsync(db, true, CancellationToken.None);
            var made = await sp.GetRequiredService<WebhookEndpoints>().CreateAsync(url, events, Admin(adminId), CancellationToken.None);
            if (made.Refusal is not null) throw new InvalidOperationException(made.Refusal);
            return (made.Endpoint!.Id, made.Secret!);
        });
    }

    public static Task SendWebhooksAsync(this CrmApp app) =>
        app.WithServicesAsync(async sp => { await sp.GetRequiredService<JobRunner>().RunAsync(WebhookSendJob.JobId, CancellationToken.None); return 0; });

    public static Task<List<WebhookDelivery>> DeliveriesAsync(this CrmApp app) =>
        app.WithDbAsync(db => db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync());
}
