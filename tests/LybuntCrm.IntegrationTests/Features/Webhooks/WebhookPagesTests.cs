using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Webhooks;

/// <summary>The admin's webhook pages, the private-address refusal at registration and at send time.</summary>
public sealed class WebhookPagesTests
{
    private static Dictionary<string, string> AddForm(string url, params string[] events)
    {
        var form = new Dictionary<string, string> { ["Input.Url"] = url };
        for (var i = 0; i < events.Length; i++) form[$"Input.Events[{i}]"] = events[i];
        return form;
    }

    [Fact]
    public async Task Only_admins_reach_the_webhook_pages()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetAsync("/Admin/Webhooks")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await manager.GetAsync("/Admin/Webhooks/1")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var anonymous = app.NewBrowser();
        (await anonymous.GetAsync("/Admin/Webhooks")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetAsync("/Admin/Webhooks")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await admin.GetAsync("/Admin/Webhooks/999999")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_private_address_is_refused_until_allowed_and_the_secret_is_shown_once_and_kept_encrypted()
    {
        using var app = new CrmApp();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var refused = await admin.PostFormAsync("/Admin/Webhooks", AddForm("http://127.0.0.1:9/hook", "client.created"), "/Admin/Webhooks?handler=Create");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Html.Should().Contain("points inside the private network");
        foreach (var url in new[] { "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "ftp://example.com/" })
            (await admin.PostFormAsync("/Admin/Webhooks", AddForm(url, "client.created"), "/Admin/Webhooks?handler=Create"))
                .Document.QuerySelector("[data-testid=new-secret]").Should().BeNull(url);
        (await app.WithDbAsync(db => db.WebhookEndpoints.CountAsync())).Should().Be(0);

        await admin.PostFormAsync("/Admin/Webhooks", new Dictionary<string, string> { ["allow"] = "true" }, "/Admin/Webhooks?handler=PrivateAddresses");
        var made = await admin.PostFormAsync("/Admin/Webhooks", AddForm("http://127.0.0.1:9/hook", "client.created", "purchase.recorded"),
            "/Admin/Webhooks?handler=Create");

        var secret = made.Document.QuerySelector("#new-secret")!.GetAttribute("value")!;
        secret.Should().StartWith(WebhookSecrets.Prefix);
        var endpoint = await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync());
        endpoint.Events.Should().Be("client.created,purchase.recorded");
        endpoint.ProtectedSecret.Should().NotContain(secret);
        (await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<WebhookSecrets>().Unprotect(endpoint.ProtectedSecret)))).Should().Be(secret);
        var list = await admin.GetPageAsync("/Admin/Webhooks");
        list.Html.Should().NotContain(secret);
        list.Document.QuerySelector($"[data-webhook='{endpoint.Id}']")!.TextContent.Should().Contain("http://127.0.0.1:9/hook");
        var actions = await app.WithDbAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync());
        actions.Should().Contain(["setting.changed", "webhook.created"]);
        (await admin.GetPageAsync("/Admin/Audit")).Html.Should().Contain("Added a webhook");
    }

    [Fact]
    public async Task An_admin_pauses_resumes_tests_resends_and_deletes_an_endpoint()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (id, _) = await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientCreated);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        await admin.PostFormAsync("/Admin/Webhooks", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Admin/Webhooks?handler=Test");
        await app.SendWebhooksAsync();
        receiver.Requests.Should().ContainSingle().Which.Event.Should().Be(WebhookEventTypes.Test);
        var deliveries = await admin.GetPageAsync($"/Admin/Webhooks/{id}");
        var row = deliveries.Document.QuerySelector("[data-testid=deliveries] tr[data-delivery]")!;
        row.QuerySelector("[data-testid=status]")!.TextContent.Should().Contain("Delivered");

        await admin.PostFormAsync($"/Admin/Webhooks/{id}", new Dictionary<string, string> { ["deliveryId"] = row.GetAttribute("data-delivery")! },
            $"/Admin/Webhooks/{id}?handler=Resend");
        await admin.PostFormAsync("/Admin/Webhooks", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Admin/Webhooks?handler=Pause");
        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(1, "a paused endpoint is sent nothing");
        (await admin.GetPageAsync("/Admin/Webhooks")).Document.QuerySelector("[data-testid=state]")!.TextContent.Should().Contain("Paused");

        await admin.PostFormAsync("/Admin/Webhooks", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Admin/Webhooks?handler=Resume");
        await app.SendWebhooksAsync();
        receiver.Requests.Should().HaveCount(2, "the resent event goes out once resumed");
        receiver.Requests.Select(r => r.Delivery).Distinct().Should().ContainSingle();

        var form = new Dictionary<string, string> { ["id"] = id.ToString(), ["events[0]"] = "touchpoint.logged" };
        await admin.PostFormAsync("/Admin/Webhooks", form, "/Admin/Webhooks?handler=Events");
        (await app.WithDbAsync(db => db.WebhookEndpoints.SingleAsync())).Events.Should().Be("touchpoint.logged");
        await admin.PostFormAsync("/Admin/Webhooks", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Admin/Webhooks?handler=Delete");
        (await app.WithDbAsync(db => db.WebhookEndpoints.CountAsync())).Should().Be(0);
        (await app.WithDbAsync(db => db.WebhookDeliveries.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_private_address_is_not_sent_to_once_the_setting_is_turned_off()
    {
        await using var receiver = new WebhookReceiver();
        using var app = new EmailApp(WebhookTestApp.Start);
        var (id, _) = await app.RegisterAsync(receiver.Url, WebhookEventTypes.ClientCreated);
        await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<WebhookEvents>().TestAsync(id, CancellationToken.None);
            await WebhookSettings.SetAllowPrivateAddressesAsync(sp.GetRequiredService<CrmDbContext>(), false, CancellationToken.None);
            return 0;
        });

        await app.SendWebhooksAsync();

        receiver.Requests.Should().BeEmpty();
        var delivery = (await app.DeliveriesAsync()).Single();
        delivery.Status.Should().Be(WebhookDeliveryStatus.Pending);
        delivery.LastAnswer.Should().Be(WebhookAnswers.PrivateAddress);
    }
}
