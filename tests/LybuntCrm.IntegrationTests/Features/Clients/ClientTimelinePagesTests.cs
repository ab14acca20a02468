using LybuntCrm.IntegrationTests.Features.Prospects;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>One screen, one truth: first contact, last attempt, last reached and customer since read the same everywhere.</summary>
public sealed class ClientTimelinePagesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static Touchpoint Call(string userId, DateOnly on, TouchpointOutcome outcome) => new()
    {
        UserId = userId,
        OccurredOn = on,
        Channel = Channel.Phone,
        Direction = Direction.Outbound,
        Outcome = outcome,
        CreatedAtUtc = DateTime.UtcNow,
    };

    private static string Fact(Page page, string testId) =>
        page.Document.QuerySelector($"[data-testid=client-facts] [data-testid={testId}]")!.TextContent.Trim();

    [Fact]
    public async Task A_client_with_one_unanswered_call_shows_the_attempt_not_no_contact_yet()
    {
        using var app = new CrmApp(Today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Bao Events", managerId, c =>
        {
            c.CadenceDays = 90;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 1, 10), Amount = 500 });
            c.Touchpoints.Add(Call(managerId, Today.AddDays(-5), TouchpointOutcome.NoAnswer));
        }));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"/Clients/{clientId}");

        page.Text.Should().NotContain("No contact yet");
        var f = DisplayFormat.For("en");
        Fact(page, "first-contact").Should().Be($"{f.Date(Today.AddDays(-5))}{f.Separator}5 days ago");
        Fact(page, "last-attempt").Should().Be($"{f.Date(Today.AddDays(-5))}{f.Separator}5 days ago");
        Fact(page, "last-reached").Should().Be("Not reached yet");
        page.Document.QuerySelector("[data-testid=check-in-why]")!.TextContent.Should().Contain("Not reached yet: 90 days after the last purchase");
    }

    [Fact]
    public async Task Today_says_which_fact_it_shows_and_an_unanswered_call_is_an_attempt()
    {
        using var app = new CrmApp(Today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Tried Once", configure: c =>
            c.Touchpoints.Add(Call(managerId, Today.AddDays(-3), TouchpointOutcome.NoAnswer)));
        await TodaySeed.ClientAsync(app, managerId, "Talked Before", lastContactDaysAgo: 160, configure: c =>
            c.Touchpoints.Add(Call(managerId, Today.AddDays(-1), TouchpointOutcome.LeftMessage)));
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");

        var items = page.Document.QuerySelectorAll("[data-testid=follow-up]")
            .ToDictionary(i => i.QuerySelector(".client-link")!.TextContent, i => i.QuerySelector(".today-why")!.TextContent);
        items["Tried Once"].Should().Contain("Last attempt 3 days ago, not reached yet");
        items["Talked Before"].Should().Contain("Last reached 160 days ago, last attempt yesterday");
        page.Text.Should().NotContain("No contact yet");
    }

    [Fact]
    public async Task The_board_and_the_review_show_the_same_known_for_days()
    {
        using var app = new CrmApp(Today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        // Added 37 days ago, with touchpoints imported from before: known since the first of them.
        var prospectId = await app.AddProspectAsync(managerId, "Early Bird Ltd", knownForDays: 37);
        await app.AddTouchAsync(prospectId, managerId, daysAgo: 135, TouchpointOutcome.NoAnswer);
        await app.AddTouchAsync(prospectId, managerId, daysAgo: 20, TouchpointOutcome.Reached);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var review = (await browser.GetPageAsync($"/Prospects/Review/{prospectId}")).Document;
        var board = (await browser.GetPageAsync("/Prospects")).Document;

        review.QuerySelector(".subtitle")!.TextContent.Should().Contain("Known for 135 days");
        board.QuerySelector($"[data-testid=prospect-card][data-client-id='{prospectId}']")!.TextContent.Should().Contain("Known for 135 days");
        board.QuerySelector($"[data-testid=prospect-card][data-client-id='{prospectId}'] [data-testid=known-for]")!.TextContent
            .Should().Be(review.QuerySelector("[data-testid=known-for]")!.TextContent);
    }

    [Fact]
    public async Task Customer_since_is_the_key_date_in_both_places_on_the_client_page()
    {
        using var app = new CrmApp(Today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var keyDate = new DateOnly(2025, 3, 12);
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Since When Co", managerId, c =>
        {
            c.Purchases.Add(new Purchase { Date = new DateOnly(2024, 5, 19), Amount = 800 });
            c.KeyDates.Add(new KeyDate { Kind = KeyDateKind.CustomerSince, Date = keyDate });
        }));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"/Clients/{clientId}");

        var date = DisplayFormat.For("en").Date(keyDate);
        // Every line that says since when they are a customer says the key date.
        var since = page.Document.QuerySelectorAll("dt").Where(dt => dt.TextContent.Trim() is "Customer since" or "Client since").ToList();
        since.Should().NotBeEmpty();
        since.Select(dt => dt.NextElementSibling!.TextContent.Trim()).Should().OnlyContain(value => value.StartsWith(date));
        var keyDateLine = page.Document.QuerySelector("[data-testid=key-dates] li")!.TextContent;
        keyDateLine.Should().Contain("Customer since").And.Contain(date);
        Fact(page, "customer-since").Should().StartWith(date);
        page.Document.QuerySelector("[data-testid=client-facts]")!.TextContent.Should().Contain("Customer since");
    }

    [Fact]
    public async Task The_lybunt_list_and_the_digest_name_the_last_attempt()
    {
        using var app = new CrmApp(Today);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Quiet Quarry", managerId, c =>
        {
            c.RetentionFlag = RetentionFlag.Lybunt;
            c.LastYearTotal = 1200m;
            c.FirstFlaggedOn = Today.AddDays(-10);
            c.Touchpoints.Add(Call(managerId, Today.AddDays(-2), TouchpointOutcome.NoAnswer));
        }));
        await app.WithDbAsync(async db =>
        {
            db.FollowUps.Add(new FollowUp
            {
                ClientId = clientId,
                AssigneeId = managerId,
                Kind = FollowUpKind.WinBack,
                PlannedOn = Today,
                DueOn = Today,
                Reason = "Win back",
                SourceKey = "test:timeline",
                CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var list = await browser.GetPageAsync("/Lybunt");
        list.Document.QuerySelector("[data-testid=lybunt-table] thead")!.TextContent.Should().Contain("Last attempt");
        list.Document.QuerySelector($"tr[data-client-id='{clientId}'] [data-testid=last-attempt]")!.TextContent.Trim()
            .Should().Be(DisplayFormat.For("en").Date(Today.AddDays(-2)));

        var text = await app.WithServicesAsync(async sp =>
        {
            using var scope = CultureScope.Use("en");
            var content = await sp.GetRequiredService<DigestBuilder>().BuildAsync(
                [new DigestRecipient(managerId, CrmApp.ManagerEmail, "Manager", "en", "UTC", Today)]);
            return sp.GetRequiredService<DigestTemplate>().Text(content.Single());
        });
        text.Should().Contain("Quiet Quarry").And.Contain("Last attempt 2 days ago, not reached yet");
    }
}
