using System.Text.Json;
using LybuntCrm.IntegrationTests.Features.Import;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Features.Webhooks;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;
using LybuntArrange = LybuntCrm.IntegrationTests.Features.Lybunt.Lybunt;

namespace LybuntCrm.IntegrationTests.Features.Webhooks;

/// <summary>
/// The events derived by set-based work: a LYBUNT client recovered by a purchase, the nightly flagging, and the follow-ups
/// whose date has come; each written once, in the transaction of its change, and not at all when nobody subscribes.
/// </summary>
public sealed class WebhookDerivedEventsTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(WebhookTestApp.Start.UtcDateTime);

    private static Task RunJobAsync(CrmApp app, string jobId) =>
        app.WithServicesAsync(async sp => { await sp.GetRequiredService<JobRunner>().RunAsync(jobId, CancellationToken.None); return 0; });

    private static Task<int> AddFollowUpAsync(CrmApp app, int clientId, string assigneeId, DateOnly dueOn, string key) =>
        app.WithDbAsync(async db =>
        {
            var followUp = new FollowUp
            {
                ClientId = clientId,
                AssigneeId = assigneeId,
                Kind = FollowUpKind.Custom,
                DueOn = dueOn,
                PlannedOn = dueOn,
                Reason = "Arranged",
                SourceKey = key,
                CreatedAtUtc = DateTime.UtcNow,
            };
            db.FollowUps.Add(followUp);
            await db.SaveChangesAsync();
            return followUp.Id;
        });

    private static JsonElement Data(WebhookDelivery delivery)
    {
        using var json = JsonDocument.Parse(delivery.Payload);
        json.RootElement.GetProperty("id").GetGuid().Should().Be(delivery.EventId);
        json.RootElement.GetProperty("type").GetString().Should().Be(delivery.EventType);
        return json.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task A_purchase_for_a_lybunt_client_sends_exactly_one_client_recovered()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var lapsed = await app.AddAsync(LybuntArrange.NewClient(managerId, "Lapsed Lamps", (2025, 3, 1, 900m)));
        var neverFlagged = await app.AddAsync(LybuntArrange.NewClient(managerId, "Fresh Ferns"));
        await app.FlagAsync();
        (await app.ClientAsync(lapsed)).RetentionFlag.Should().Be(RetentionFlag.Lybunt);
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientRecovered);

        await WebhookDeliveryTests.PostPurchaseAsync(app, lapsed, "INV-1");
        await WebhookDeliveryTests.PostPurchaseAsync(app, lapsed, "INV-2");
        await WebhookDeliveryTests.PostPurchaseAsync(app, neverFlagged, "INV-3");
        await app.FlagAsync();

        (await app.ClientAsync(lapsed)).RetentionFlag.Should().Be(RetentionFlag.None);
        var delivery = (await app.DeliveriesAsync()).Should().ContainSingle("the flag went from set to cleared once").Subject;
        delivery.EventType.Should().Be(WebhookEventTypes.ClientRecovered);
        var client = Data(delivery).GetProperty("client");
        client.GetProperty("id").GetInt32().Should().Be(lapsed);
        client.GetProperty("name").GetString().Should().Be("Lapsed Lamps");
        client.GetProperty("owner").GetProperty("email").GetString().Should().Be(CrmApp.ManagerEmail);

        await app.SendWebhooksAsync();
        receiver.Requests.Should().ContainSingle().Which.Event.Should().Be("client.recovered");
    }

    [Fact]
    public async Task An_imported_purchase_for_a_lybunt_client_sends_one_client_recovered()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var lapsedClient = LybuntArrange.NewClient(managerId, "Imported Irises", (2025, 3, 1, 900m));
        lapsedClient.ExternalId = "LAPSED-1";
        var lapsed = await app.AddAsync(lapsedClient);
        var otherClient = LybuntArrange.NewClient(managerId, "Other Orchids");
        otherClient.ExternalId = "OTHER-1";
        await app.AddAsync(otherClient);
        await app.FlagAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientRecovered);
        var file = Path.Combine(app.DataDirectory, "purchases-now.csv");
        await File.WriteAllTextAsync(file, "ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status\n" +
            "LAPSED-1,INV-9001,2026-05-02,300.00,USD,Completed\nLAPSED-1,INV-9002,2026-06-01,200.00,USD,Completed\n" +
            "OTHER-1,INV-9003,2026-06-01,100.00,USD,Completed\n");

        var run = await app.ImportAsync(file, ImportKind.Purchases);

        run.Run!.Created.Should().Be(3);
        (await app.ClientAsync(lapsed)).RetentionFlag.Should().Be(RetentionFlag.None);
        var delivery = (await app.DeliveriesAsync()).Should().ContainSingle().Subject;
        delivery.EventType.Should().Be(WebhookEventTypes.ClientRecovered);
        Data(delivery).GetProperty("client").GetProperty("id").GetInt32().Should().Be(lapsed);
    }

    [Fact]
    public async Task The_nightly_flagging_sends_one_client_flagged_lybunt_per_newly_flagged_client_and_a_second_run_none()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientFlaggedLybunt, WebhookEventTypes.ClientRecovered);
        var lapsed = new List<int>();
        for (var i = 0; i < 3; i++) lapsed.Add(await app.AddAsync(LybuntArrange.NewClient(managerId, $"Lapsed {i}", (2025, 4, 1 + i, 100m * (i + 1)))));
        await app.AddAsync(LybuntArrange.NewClient(managerId, "Loyal", (2025, 4, 1, 100m), (2026, 2, 1, 100m)));
        await app.AddAsync(LybuntArrange.NewClient(managerId, "Long gone", (2022, 4, 1, 100m)));

        var first = await app.FlagAsync();
        var second = await app.FlagAsync();

        first.Flagged.Should().BeGreaterThanOrEqualTo(3);
        second.Flagged.Should().Be(0);
        var deliveries = await app.DeliveriesAsync();
        deliveries.Should().HaveCount(3).And.OnlyContain(d => d.EventType == WebhookEventTypes.ClientFlaggedLybunt);
        deliveries.Select(d => d.EventId).Should().OnlyHaveUniqueItems();
        deliveries.Select(d => Data(d).GetProperty("client").GetProperty("id").GetInt32()).Should().BeEquivalentTo(lapsed);

        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Event == "client.flagged_lybunt");
    }

    [Fact]
    public async Task A_due_follow_up_is_sent_once_even_when_the_job_runs_twice()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddAsync(LybuntArrange.NewClient(managerId, "Due Daisies"));
        var dueToday = await AddFollowUpAsync(app, clientId, managerId, Today, "custom:due-today");
        var dueYesterday = await AddFollowUpAsync(app, clientId, managerId, Today.AddDays(-1), "custom:due-yesterday");
        var notYet = await AddFollowUpAsync(app, clientId, managerId, Today.AddDays(3), "custom:not-yet");
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.FollowUpDue);

        await RunJobAsync(app, CheckInScheduleJob.JobId);
        await RunJobAsync(app, CheckInScheduleJob.JobId);

        var deliveries = (await app.DeliveriesAsync()).Where(d => d.EventType == WebhookEventTypes.FollowUpDue).ToList();
        var byFollowUp = deliveries.GroupBy(d => Data(d).GetProperty("followUp").GetProperty("id").GetInt32()).ToDictionary(g => g.Key, g => g.ToList());
        byFollowUp[dueToday].Should().ContainSingle();
        byFollowUp[dueYesterday].Should().ContainSingle();
        byFollowUp.Should().NotContainKey(notYet);
        deliveries.Select(d => d.EventId).Should().OnlyHaveUniqueItems();
        var data = Data(byFollowUp[dueToday][0]);
        data.GetProperty("followUp").GetProperty("kind").GetString().Should().Be("Custom");
        data.GetProperty("followUp").GetProperty("dueOn").GetString().Should().Be(Today.ToString("yyyy-MM-dd"));
        data.GetProperty("followUp").GetProperty("ownerId").GetString().Should().Be(managerId);
        data.GetProperty("client").GetProperty("id").GetInt32().Should().Be(clientId);

        await app.SendWebhooksAsync();
        await RunJobAsync(app, CheckInScheduleJob.JobId);
        (await app.DeliveriesAsync()).Should().HaveCount(deliveries.Count, "a delivered event is not written again either");
        receiver.Requests.Where(r => r.Event == "followup.due").Should().HaveCount(deliveries.Count);
    }

    [Fact]
    public async Task Nothing_is_written_when_no_endpoint_takes_these_events()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientCreated);
        var lapsed = await app.AddAsync(LybuntArrange.NewClient(managerId, "Lapsed Lilies", (2025, 3, 1, 900m)));
        await AddFollowUpAsync(app, lapsed, managerId, Today, "custom:due");

        await app.FlagAsync();
        await RunJobAsync(app, CheckInScheduleJob.JobId);
        await WebhookDeliveryTests.PostPurchaseAsync(app, lapsed, "INV-1");

        (await app.ClientAsync(lapsed)).RetentionFlag.Should().Be(RetentionFlag.None);
        (await app.DeliveriesAsync()).Should().BeEmpty();
    }
}
