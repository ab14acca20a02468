using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>A touch deleted from the timeline takes its effects with it; a synced one shows where it came from.</summary>
public sealed class TouchDeletionTests
{
    // Monday 15 June 2026.
    private static readonly DateOnly Monday = new(2026, 6, 15);

    private static Task<int> ClientAsync(CrmApp app, string managerId, string name) =>
        app.WithDbAsync(db => db.AddClientAsync(name, managerId, c =>
        {
            c.CadenceDays = 90;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 1, 10), Amount = 500 });
        }));

    /// <summary>A touch logged through the change pipeline, three days ago unless shaped otherwise.</summary>
    private static Task<int> TouchAsync(CrmApp app, int clientId, string userId, TouchpointOutcome outcome, Action<Touchpoint>? shape = null) =>
        app.WithServicesAsync(async sp =>
        {
            var touch = new Touchpoint
            {
                ClientId = clientId,
                UserId = userId,
                OccurredOn = Monday.AddDays(-3),
                CreatedAtUtc = DateTime.UtcNow,
                Channel = Channel.Email,
                Direction = Direction.Outbound,
                Outcome = outcome,
            };
            shape?.Invoke(touch);
            await sp.GetRequiredService<ClientChanges>().TouchLoggedAsync(touch);
            return touch.Id;
        });

    private static Task<List<FollowUp>> OpenItemsAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)).ToListAsync());

    private static Task<Client> ClientRowAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));

    private static Task<Page> DeleteAsync(Browser browser, int clientId, int touchId) =>
        browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string> { ["touchpointId"] = touchId.ToString() },
            postUrl: $"/Clients/{clientId}?handler=DeleteTouchpoint");

    private static IReadOnlyList<string> TodayClients(Page today) =>
        today.Document.QuerySelectorAll("[data-testid=today-list] [data-testid=follow-up] .client-link").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public async Task Deleting_a_reached_touch_moves_the_last_contact_and_the_check_in_back_and_is_audited()
    {
        using var app = new CrmApp(Monday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Bao Events");
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var logged = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-06-12",
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
            ["Input.Summary"] = "Typed on the wrong client.",
        });
        logged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await ClientRowAsync(app, clientId)).LastContactOn.Should().Be(new DateOnly(2026, 6, 12));
        (await OpenItemsAsync(app, clientId)).Should().BeEmpty();
        TodayClients(await browser.GetPageAsync("/Today")).Should().BeEmpty();
        var touchId = await app.WithDbAsync(db => db.Touchpoints.Select(t => t.Id).SingleAsync());
        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=delete-touch]").Should().NotBeNull();

        var deleted = await DeleteAsync(browser, clientId, touchId);

        deleted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(0);
        var client = await ClientRowAsync(app, clientId);
        client.LastContactOn.Should().BeNull();
        client.NextCheckInOn.Should().Be(new DateOnly(2026, 4, 10), "the cadence counts from the last purchase again");
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Which.Kind.Should().Be(FollowUpKind.CheckIn);
        var page = await browser.GetPageAsync($"/Clients/{clientId}");
        page.Text.Should().Contain("Touch deleted.").And.NotContain("Typed on the wrong client.");
        page.Document.QuerySelector("[data-testid=last-reached]")!.TextContent.Should().Contain("None yet");
        TodayClients(await browser.GetPageAsync("/Today")).Should().Equal("Bao Events");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "touchpoint.deleted" && e.EntityId == touchId.ToString())))
            .Should().Be(1);
        (await app.WithDbAsync(db => db.RemovedSyncedMessages.CountAsync())).Should().Be(0, "a touch typed in leaves nothing behind");
    }

    [Fact]
    public async Task Deleting_an_unanswered_attempt_brings_the_check_in_back_at_once()
    {
        using var app = new CrmApp(Monday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Quiet Quarry");
        await TodaySeed.RunCheckInsAsync(app);
        var touchId = await TouchAsync(app, clientId, managerId, TouchpointOutcome.NoAnswer, t => t.OccurredOn = Monday);
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Which.Status.Should().Be(FollowUpStatus.Snoozed);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await DeleteAsync(browser, clientId, touchId)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var checkIn = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        checkIn.Status.Should().Be(FollowUpStatus.Open);
        checkIn.SnoozedUntil.Should().BeNull();
        TodayClients(await browser.GetPageAsync("/Today")).Should().Equal("Quiet Quarry");
    }

    [Fact]
    public async Task A_synced_touch_shows_its_source_and_subject_and_its_text_stays_inert()
    {
        using var app = new CrmApp(Monday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Html Mailer");
        await TouchAsync(app, clientId, managerId, TouchpointOutcome.Reached, t =>
        {
            t.Direction = Direction.Inbound;
            t.Source = TouchpointSource.Mailbox;
            t.MessageKey = "mid:offer-1@html.example";
            t.Subject = "Offer <b>now</b>";
            t.Summary = "<script>alert('x')</script><img src=x onerror=alert(1)> see our offer";
        });
        await TouchAsync(app, clientId, managerId, TouchpointOutcome.Reached, t => t.Summary = "Called by hand");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"/Clients/{clientId}");

        var items = page.Document.QuerySelectorAll("[data-testid=timeline] li").ToList();
        var synced = items.Single(li => li.TextContent.Contains("see our offer"));
        synced.QuerySelector("[data-testid=touch-source]")!.TextContent.Should().Contain("✉").And.Contain("from a mailbox");
        synced.QuerySelector("[data-testid=touch-subject]")!.TextContent.Should().Be("Offer <b>now</b>");
        synced.QuerySelector("script").Should().BeNull();
        synced.QuerySelector("img").Should().BeNull();
        synced.QuerySelector("b").Should().BeNull();
        page.Html.Should().Contain("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;").And.NotContain("<script>alert");
        items.Single(li => li.TextContent.Contains("Called by hand")).QuerySelector("[data-testid=touch-source]").Should().BeNull();
    }

    [Fact]
    public async Task Deleting_a_synced_touch_leaves_its_message_key_so_that_no_sync_brings_it_back()
    {
        using var app = new CrmApp(Monday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Northwind");
        var touchId = await TouchAsync(app, clientId, managerId, TouchpointOutcome.Reached, t =>
        {
            t.Source = TouchpointSource.Mailbox;
            t.MessageKey = "mid:delivery-42@northwind.example";
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await DeleteAsync(browser, clientId, touchId)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        // A second delete of the same touch (a double click) changes nothing and fails nothing.
        (await DeleteAsync(browser, clientId, touchId)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var removed = await app.WithDbAsync(db => db.RemovedSyncedMessages.AsNoTracking().ToListAsync());
        removed.Should().ContainSingle().Which.Should().Match<RemovedSyncedMessage>(r => r.ClientId == clientId && r.MessageKey == "mid:delivery-42@northwind.example");
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_delete_without_the_antiforgery_token_or_by_another_manager_is_refused_and_deletes_nothing()
    {
        using var app = new CrmApp(Monday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Bao Events");
        var touchId = await TouchAsync(app, clientId, managerId, TouchpointOutcome.Reached);
        using var owner = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var other = await app.SignedInAsync(CrmApp.OtherManagerEmail);

        var forged = await owner.PostAsync($"/Clients/{clientId}?handler=DeleteTouchpoint",
            new Dictionary<string, string> { ["touchpointId"] = touchId.ToString() }, token: null);
        var someoneElse = await DeleteAsync(other, clientId, touchId);
        var otherClientsTouch = await DeleteAsync(owner, await ClientAsync(app, managerId, "Another"), touchId);

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        someoneElse.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherClientsTouch.StatusCode.Should().Be(HttpStatusCode.Redirect, "the touch is not that client's: nothing to delete there");
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(1);
        (await owner.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=delete-touch]").Should().NotBeNull();
        (await other.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=delete-touch]").Should().BeNull();
    }
}
