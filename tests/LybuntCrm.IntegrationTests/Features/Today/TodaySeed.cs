using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Today;

/// <summary>Small builders for the Today tests.</summary>
internal static class TodaySeed
{
    /// <summary>A client whose last reached contact was <paramref name="lastContactDaysAgo"/> days before today (cadence 120).</summary>
    public static Task<int> ClientAsync(CrmApp app, string ownerId, string name, int? lastContactDaysAgo = null,
        Action<Client>? configure = null, string? phone = "+1 555 0100", string? email = "contact@example.com") =>
        app.WithDbAsync(async db =>
        {
            var client = new Client
            {
                Name = name,
                OwnerId = ownerId,
                CreatedOn = app.Today.AddDays(-1000),
                CreatedAtUtc = DateTime.UtcNow,
                PreferredChannel = Channel.Phone,
            };
            client.Contacts.Add(new Contact { Name = "Pat " + name, Phone = phone, Email = email, IsPrimary = true });
            if (lastContactDaysAgo is { } days)
            {
                client.Touchpoints.Add(new Touchpoint
                {
                    UserId = ownerId,
                    OccurredOn = app.Today.AddDays(-days),
                    Outcome = TouchpointOutcome.Reached,
                    Channel = Channel.Phone,
                    CreatedAtUtc = DateTime.UtcNow,
                });
            }
            configure?.Invoke(client);
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, client.Id);
            return client.Id;
        });

    public static Task<CheckInScheduleJob.Result> RunCheckInsAsync(CrmApp app) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<CheckInScheduleJob>().ScheduleAsync(CancellationToken.None));

    public static Task<int> RunOccasionsAsync(CrmApp app) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<OccasionScheduleJob>().ScheduleAsync(CancellationToken.None));

    public static Dictionary<string, string> NoFields() => new();
}
