using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class TimelineAndTouchpointTests
{
    [Fact]
    public async Task Logging_a_reached_touchpoint_moves_the_next_check_in_and_explains_why()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Bao Events", managerId, c =>
        {
            c.CadenceDays = 90;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 1, 10), Amount = 500 });
        }));
        (await app.WithDbAsync(db => db.Clients.Select(c => c.NextCheckInOn).SingleAsync())).Should().Be(new DateOnly(2026, 4, 10));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=check-in-why]")!.TextContent
            .Should().Contain("No contact yet: 90 days after the last purchase");

        var logged = await browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-06-12",
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
            ["Input.Summary"] = "Talked about the autumn gala.",
        }, postUrl: $"/Clients/{clientId}/Touchpoints/New");
        logged.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await app.WithDbAsync(db => db.Clients.Select(c => c.NextCheckInOn).SingleAsync())).Should().Be(new DateOnly(2026, 9, 10));
        var page = await browser.GetPageAsync($"/Clients/{clientId}");
        page.Document.QuerySelector("[data-testid=check-in-why]")!.TextContent.Should().Contain("last reached 3 days ago, by phone");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "touchpoint.logged"))).Should().Be(1);
    }

    [Fact]
    public async Task A_touchpoint_in_the_future_is_refused()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Later Ltd", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-06-16",
            ["Input.Channel"] = "Email",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
        });
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("A touchpoint cannot be in the future.");
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(0);
    }

    [Theory]
    [InlineData("31/02/2026", "The value “31/02/2026” is not valid for Date.")]
    [InlineData("2026-02-31", "The value “2026-02-31” is not valid for Date.")]
    [InlineData("", "Enter the day of the touch.")]
    public async Task A_date_that_cannot_be_read_is_kept_as_typed_and_explained_not_replaced_by_today(string typed, string message)
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Typo Ltd", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = typed,
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain(message);
        var field = page.Document.QuerySelector("input[name='Input.OccurredOn']")!;
        field.GetAttribute("value").Should().Be(typed, "what was typed stays in the field");
        if (typed.Length > 0) field.GetAttribute("type").Should().Be("text", "a date input would show an unreadable date as empty");
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(0);

        // The same for every date field, here a key date's.
        var keyDate = await browser.PostFormAsync($"/Clients/{clientId}/KeyDates/New",
            new Dictionary<string, string> { ["Input.Kind"] = "Birthday", ["Input.Date"] = "31/02/2026" });
        var keyDateField = keyDate.Document.QuerySelector("input[name='Input.Date']")!;
        keyDateField.GetAttribute("value").Should().Be("31/02/2026");
        keyDateField.GetAttribute("type").Should().Be("text");
    }

    [Fact]
    public async Task Timeline_shows_touchpoints_purchases_follow_ups_and_handoffs_newest_first()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (adminId, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Timeline Co", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var purchase = await browser.PostFormAsync($"/Clients/{clientId}/Purchases/New", new Dictionary<string, string>
        {
            ["Input.Date"] = "2026-03-01",
            ["Input.Amount"] = "1250.50",
            ["Input.Currency"] = "eur",
            ["Input.Reference"] = "INV-9",
            ["Input.Status"] = "Completed",
        });
        purchase.StatusCode.Should().Be(HttpStatusCode.Redirect);
        await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-05-20",
            ["Input.Channel"] = "Meeting",
            ["Input.Direction"] = "Inbound",
            ["Input.Outcome"] = "Reached",
        });
        await app.WithDbAsync(async db =>
        {
            db.FollowUps.Add(new FollowUp
            {
                ClientId = clientId,
                AssigneeId = managerId,
                Kind = FollowUpKind.CheckIn,
                DueOn = new DateOnly(2026, 4, 1),
                PlannedOn = new DateOnly(2026, 4, 1),
                Status = FollowUpStatus.Done,
                Reason = "Quarterly check-in",
                SourceKey = "test:1",
                ClosedAtUtc = new DateTime(2026, 4, 2, 9, 0, 0, DateTimeKind.Utc),
            });
            db.Handoffs.Add(new Handoff
            {
                ClientId = clientId,
                FromUserId = otherId,
                ToUserId = managerId,
                Note = "Prefers mornings.",
                CreatedAtUtc = new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc),
            });
            await db.SaveChangesAsync();
        });
        _ = adminId;

        var purchaseStored = await app.WithDbAsync(db => db.Purchases.SingleAsync());
        purchaseStored.Currency.Should().Be("EUR");
        purchaseStored.Amount.Should().Be(1250.50m);
        (await app.WithDbAsync(db => db.Clients.Select(c => c.LastPurchaseOn).SingleAsync())).Should().Be(new DateOnly(2026, 3, 1));

        var page = await browser.GetPageAsync($"/Clients/{clientId}");
        var items = page.Document.QuerySelectorAll("[data-testid=timeline] li").Select(li => li.ClassName).ToList();
        items.Should().Equal("kind-handoff", "kind-touchpoint", "kind-followup", "kind-purchase");
        page.Text.Should().Contain("Purchase of €1,250.50").And.Contain("Follow-up done: Quarterly check-in").And.Contain("Prefers mornings.");
    }

    [Fact]
    public async Task Key_dates_are_added_and_removed()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Gala Group", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var missing = await browser.PostFormAsync($"/Clients/{clientId}/KeyDates/New", new Dictionary<string, string> { ["Input.Kind"] = "Custom", ["Input.Date"] = "" });
        missing.Errors.Should().Contain(["Enter the date.", "Say what the date is about."]);

        var added = await browser.PostFormAsync($"/Clients/{clientId}/KeyDates/New", new Dictionary<string, string>
        {
            ["Input.Kind"] = "ProjectDelivered",
            ["Input.Date"] = "2025-10-04",
            ["Input.Label"] = "Autumn gala",
        });
        added.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=key-dates]")!.TextContent.Should().Contain("Autumn gala");

        var keyDateId = await app.WithDbAsync(db => db.KeyDates.Select(k => k.Id).SingleAsync());
        await browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string> { ["keyDateId"] = keyDateId.ToString() },
            postUrl: $"/Clients/{clientId}?handler=RemoveKeyDate");
        (await app.WithDbAsync(db => db.KeyDates.CountAsync())).Should().Be(0);
    }
}
