using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Features.Api;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Webhooks;

/// <summary>Events written with their change and sent, signed, to a local receiver; retries, timeouts, restarts and pausing.</summary>
public sealed class WebhookDeliveryTests
{
    private static Dictionary<string, string?> Settings(int timeoutSeconds = 10) => new() { ["Webhooks:TimeoutSeconds"] = timeoutSeconds.ToString() };

    internal static async Task<int> PostPurchaseAsync(CrmApp app, int clientId, string reference = "INV-1")
    {
        var token = await app.TokenAsync(CrmApp.ManagerEmail);
        var response = await app.Api(token).SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{clientId}/purchases",
            new { date = "2026-06-10", amount = "1200.50", currency = "USD", reference });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return clientId;
    }

    [Fact]
    public async Task A_purchase_posted_through_the_api_reaches_the_receiver_once_signed_with_the_secret()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var (_, secret) = await app.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
        var clientId = await app.AddClientAsync(managerId, "Bao Events");

        await PostPurchaseAsync(app, clientId);
        var deliveries = await app.DeliveriesAsync();
        deliveries.Should().ContainSingle().Which.Status.Should().Be(WebhookDeliveryStatus.Pending);
        await app.SendWebhooksAsync();

        var request = receiver.Requests.Should().ContainSingle().Subject;
        request.Event.Should().Be("purchase.recorded");
        request.Delivery.Should().Be(deliveries[0].EventId.ToString());
        request.Timestamp.Should().Be(WebhookTestApp.Start.ToUnixTimeSeconds().ToString());
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(request.Timestamp + "." + request.Body)));
        request.Signature.Should().Be(expected);
        HMACSHA256.HashData(Encoding.UTF8.GetBytes("another secret"), Encoding.UTF8.GetBytes(request.Timestamp + "." + request.Body))
            .Should().NotEqual(Convert.FromHexString(expected["sha256=".Length..]));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        root.GetProperty("id").GetString().Should().Be(request.Delivery);
        root.GetProperty("type").GetString().Should().Be("purchase.recorded");
        root.GetProperty("occurredAt").GetString().Should().Be("2026-06-15T09:00:00.000Z");
        root.GetProperty("data").GetProperty("purchase").GetProperty("amount").GetString().Should().Be("1200.50");
        root.GetProperty("data").GetProperty("purchase").GetProperty("currency").GetString().Should().Be("USD");
        root.GetProperty("data").GetProperty("client").GetProperty("name").GetString().Should().Be("Bao Events");
        root.GetProperty("data").GetProperty("client").GetProperty("owner").GetProperty("email").GetString().Should().Be(CrmApp.ManagerEmail);

        var sent = (await app.DeliveriesAsync()).Single();
        sent.Status.Should().Be(WebhookDeliveryStatus.Delivered);
        sent.Attempts.Should().Be(1);
        sent.LastStatusCode.Should().Be(200);
        sent.LastAnswer.Should().Be("thanks");
        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(1, "a delivered event is not sent again");
    }

    [Fact]
    public async Task A_touch_logged_on_the_client_page_makes_exactly_one_delivery()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.TouchpointLogged, WebhookEventTypes.PurchaseRecorded);
        var clientId = await app.AddClientAsync(managerId, "Lan Flowers");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var logged = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-06-12",
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
            ["Input.Summary"] = "Asked about the autumn order.",
        });

        logged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var delivery = (await app.DeliveriesAsync()).Should().ContainSingle().Subject;
        delivery.EventType.Should().Be("touchpoint.logged");
        using var json = JsonDocument.Parse(delivery.Payload);
        json.RootElement.GetProperty("data").GetProperty("touchpoint").GetProperty("outcome").GetString().Should().Be("Reached");
        json.RootElement.GetProperty("data").GetProperty("client").GetProperty("id").GetInt32().Should().Be(clientId);
    }

    [Fact]
    public async Task Nothing_is_written_when_no_endpoint_receives_the_event()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddClientAsync(managerId, "Minh Print");
        await PostPurchaseAsync(app, clientId, "INV-1");
        (await app.DeliveriesAsync()).Should().BeEmpty("there is no endpoint at all");

        await app.RegisterAsync(receiver.Url, WebhookEventTypes.ImportFinished);
        await PostPurchaseAsync(app, clientId, "INV-2");
        (await app.DeliveriesAsync()).Should().BeEmpty("the only endpoint receives import.finished alone");
    }

    [Fact]
    public async Task A_receiver_answering_500_then_200_gets_the_event_once_more()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
        await PostPurchaseAsync(app, await app.AddClientAsync(managerId, "Bao Events"));
        receiver.AnswerNext(500);

        await app.SendWebhooksAsync();
        var failed = (await app.DeliveriesAsync()).Single();
        failed.Status.Should().Be(WebhookDeliveryStatus.Pending);
        failed.Attempts.Should().Be(1);
        failed.LastStatusCode.Should().Be(500);
        failed.LastAnswer.Should().Be("receiver broke");
        failed.NextAttemptAtUtc.Should().Be(WebhookTestApp.Start.UtcDateTime.AddMinutes(1));
        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(1, "the retry waits for its time");

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.SendWebhooksAsync();
        await app.SendWebhooksAsync();

        receiver.Requests.Should().HaveCount(2);
        receiver.Requests.Select(r => r.Delivery).Distinct().Should().ContainSingle("both attempts carry the same event id");
        var delivered = (await app.DeliveriesAsync()).Single();
        delivered.Status.Should().Be(WebhookDeliveryStatus.Delivered);
        delivered.Attempts.Should().Be(2);
        (await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync())).FailingSinceUtc.Should().BeNull();
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_times_out_and_is_tried_again()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings(timeoutSeconds: 1));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
        await PostPurchaseAsync(app, await app.AddClientAsync(managerId, "Bao Events"));
        receiver.HangNext();

        await app.SendWebhooksAsync();
        var waiting = (await app.DeliveriesAsync()).Single();
        waiting.Status.Should().Be(WebhookDeliveryStatus.Pending);
        waiting.LastStatusCode.Should().BeNull();
        waiting.LastAnswer.Should().Be(WebhookAnswers.TimedOut);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await app.SendWebhooksAsync();
        (await app.DeliveriesAsync()).Single().Status.Should().Be(WebhookDeliveryStatus.Delivered);
        receiver.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_delivery_committed_before_a_restart_is_sent_by_the_next_app()
    {
        await using var receiver = new WebhookReceiver();
        using var first = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await first.EnsureStandardUsersAsync();
        await first.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
        await PostPurchaseAsync(first, await first.AddClientAsync(managerId, "Bao Events"));
        var settings = first.SameDatabase();
        settings["Webhooks:TimeoutSeconds"] = "10";
        receiver.Requests.Should().BeEmpty();

        using var second = new EmailApp(WebhookTestApp.Start.AddMinutes(5), settings);
        await second.SendWebhooksAsync();

        receiver.Requests.Should().ContainSingle().Which.Event.Should().Be("purchase.recorded");
        (await second.DeliveriesAsync()).Single().Status.Should().Be(WebhookDeliveryStatus.Delivered);
    }

    [Fact]
    public async Task An_endpoint_failing_for_a_day_is_paused_and_the_admins_are_told()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start, Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.RegisterAsync(receiver.Url, WebhookEventTypes.PurchaseRecorded);
        await PostPurchaseAsync(app, await app.AddClientAsync(managerId, "Bao Events"));
        for (var i = 0; i < 30; i++) receiver.AnswerNext(503);

        await app.SendWebhooksAsync();
        app.Time.Advance(TimeSpan.FromHours(12));
        await app.SendWebhooksAsync();
        (await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync())).PausedAtUtc.Should().BeNull("it has failed for half a day only");

        app.Time.Advance(TimeSpan.FromHours(12));
        await app.SendWebhooksAsync();

        var endpoint = await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync());
        endpoint.PausedAtUtc.Should().Be(app.Time.Now.UtcDateTime);
        endpoint.PauseReason.Should().Be(WebhookPauseReason.Failing);
        (await app.DeliveriesAsync()).Single().Status.Should().Be(WebhookDeliveryStatus.Failed, "a day of retries is over");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "webhook.paused_failing"))).Should().Be(1);
        var notice = (await app.OutboxAsync()).Should().ContainSingle(e => e.Kind == WebhookPausing.EmailKind).Subject;
        notice.Recipient.Should().Be(CrmApp.AdminEmail);
        notice.TextBody.Should().Contain(receiver.Url);

        var requests = receiver.Requests.Count;
        await PostPurchaseAsync(app, await app.AddClientAsync(managerId, "Lan Flowers"), "INV-9");
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(requests, "a paused endpoint is sent nothing");
    }
}
