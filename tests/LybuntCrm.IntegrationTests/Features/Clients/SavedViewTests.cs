using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>Saved views of the client list: private and shared, opened by their maker and by others, and feeding the digest.</summary>
public sealed class SavedViewTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private static List<int> Ids(Page page) =>
        page.Document.QuerySelectorAll("[data-client-id]").Select(e => int.Parse(e.GetAttribute("data-client-id")!)).ToList();

    private static Task TagAsync(CrmApp app, string tag, params int[] clientIds) =>
        app.WithDbAsync(async db =>
        {
            var normalized = TagNames.Normalize(tag);
            var row = await db.Tags.FirstOrDefaultAsync(t => t.NormalizedName == normalized) ?? db.Tags.Add(new Tag { Name = tag, NormalizedName = normalized }).Entity;
            db.ClientTags.AddRange(clientIds.Select(id => new ClientTag { ClientId = id, Tag = row }));
            await db.SaveChangesAsync();
        });

    private static async Task<int> SaveViewAsync(Browser browser, string name, string query, bool shared)
    {
        var fields = new Dictionary<string, string> { ["name"] = name, ["query"] = query };
        if (shared) fields["shared"] = "true";
        var saved = await browser.PostFormAsync("/Clients", fields, "/Clients?handler=SaveView");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return int.Parse(saved.Location!.Split('=')[1]);
    }

    [Fact]
    public async Task A_private_view_is_its_makers_alone_and_a_shared_one_shows_another_manager_only_their_own_clients()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var ansVip = await app.WithDbAsync(db => db.AddClientAsync("An VIP", an));
        var ansOther = await app.WithDbAsync(db => db.AddClientAsync("An other", an));
        var tomsVip = await app.WithDbAsync(db => db.AddClientAsync("Tom VIP", tom));
        await TagAsync(app, "VIP", ansVip, tomsVip);
        using var anBrowser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var secret = await SaveViewAsync(anBrowser, "My secret list", "q=an", shared: false);
        var team = await SaveViewAsync(anBrowser, "Team VIPs", "tag=vip&sort=LastPurchase", shared: true);

        var mine = await anBrowser.GetPageAsync($"/Clients?view={team}");
        Ids(mine).Should().BeEquivalentTo([ansVip, tomsVip], "the maker sees the view as saved: every VIP");
        mine.Document.QuerySelector("[data-testid=my-views] li.active")!.TextContent.Should().Contain("Team VIPs");
        Ids(await anBrowser.GetPageAsync($"/Clients?view={secret}")).Should().BeEquivalentTo([ansVip, ansOther]);

        using var tomBrowser = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        var list = await tomBrowser.GetPageAsync("/Clients");
        list.Document.QuerySelector("[data-testid=my-views]")!.TextContent.Should().NotContain("My secret list");
        list.Document.QuerySelector("[data-testid=shared-views]")!.TextContent.Should().Contain("Team VIPs").And.NotContain("My secret list");
        var opened = await tomBrowser.GetPageAsync($"/Clients?view={team}");
        Ids(opened).Should().Equal(tomsVip);
        opened.Document.QuerySelector("[data-testid=view-scoped]").Should().NotBeNull();
        opened.Document.QuerySelector("[data-testid=shared-views] li.active")!.TextContent.Should().Contain("Team VIPs");
        var refused = await tomBrowser.GetPageAsync($"/Clients?view={secret}");
        Ids(refused).Should().BeEquivalentTo([ansVip, ansOther, tomsVip], "a private view someone else opens is not applied");

        // Only the maker renames or deletes it; the other manager's attempts change nothing.
        await tomBrowser.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = team.ToString(), ["name"] = "Mine now" }, "/Clients?handler=UpdateView");
        await tomBrowser.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = team.ToString() }, "/Clients?handler=DeleteView");
        (await app.WithDbAsync(db => db.SavedViews.Where(v => v.Id == team).Select(v => v.Name).SingleAsync())).Should().Be("Team VIPs");
        await anBrowser.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = team.ToString(), ["name"] = "VIPs", ["shared"] = "true" }, "/Clients?handler=UpdateView");
        (await app.WithDbAsync(db => db.SavedViews.Where(v => v.Id == team).Select(v => v.Name).SingleAsync())).Should().Be("VIPs");

        // An admin may delete a shared view, not see a private one.
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Clients")).Text.Should().NotContain("My secret list");
        await admin.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = secret.ToString() }, "/Clients?handler=DeleteView");
        await admin.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = team.ToString() }, "/Clients?handler=DeleteView");
        (await app.WithDbAsync(db => db.SavedViews.Select(v => v.Id).ToListAsync())).Should().Equal(secret);
    }

    [Fact]
    public async Task A_view_without_a_name_is_refused_with_a_message_and_nothing_saved()
    {
        using var app = new CrmApp();
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.AddClientAsync("Acme", an));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["name"] = "  ", ["query"] = "tag=x" }, "/Clients?handler=SaveView");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Text.Should().Contain("Give the view a name.");
        (await app.WithDbAsync(db => db.SavedViews.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task The_digest_has_a_section_from_the_managers_view_with_their_own_clients_only_and_the_calendar_feed_keeps_to_the_view()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var acme = await TodaySeed.ClientAsync(app, an, "Acme Events", lastContactDaysAgo: 130);
        var bravo = await TodaySeed.ClientAsync(app, an, "Bravo Catering", lastContactDaysAgo: 130);
        var plain = await TodaySeed.ClientAsync(app, an, "Plain Co", lastContactDaysAgo: 130);
        var toms = await TodaySeed.ClientAsync(app, tom, "Tom's Gala", lastContactDaysAgo: 130);
        await TagAsync(app, "Tết gifts", acme, bravo, toms);
        await TodaySeed.RunCheckInsAsync(app);
        using var tomBrowser = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        var view = await SaveViewAsync(tomBrowser, "Tết list", "tag=tet%20gifts", shared: true);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["digestViewId"] = view.ToString(), ["calendarViewId"] = view.ToString() },
            "/Clients?handler=UseViews")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        await app.RunJobAsync(DailyDigestJob.JobId);

        var digest = (await app.OutboxAsync()).Single(r => r.Recipient == CrmApp.ManagerEmail);
        digest.TextBody.Should().Contain("From your view Tết list: 2 clients").And.Contain("Acme Events").And.Contain("Bravo Catering")
            .And.NotContain("Tom's Gala").And.Contain($"/Clients?view={view}");
        digest.HtmlBody.Should().Contain(System.Net.WebUtility.HtmlEncode("From your view Tết list: 2 clients"));

        var token = await app.WithDbAsync(db => db.Users.Where(u => u.Id == an).Select(u => u.CalendarToken).SingleAsync());
        var feed = await (await browser.GetAsync($"/calendar/{token}.ics")).Content.ReadAsStringAsync();
        feed.Should().Contain("Acme Events").And.Contain("Bravo Catering").And.NotContain("Plain Co");
        plain.Should().BePositive();

        // A view no longer shared stops feeding someone else's digest and calendar.
        await tomBrowser.PostFormAsync("/Clients", new Dictionary<string, string> { ["id"] = view.ToString(), ["name"] = "Tết list" }, "/Clients?handler=UpdateView");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == an).Select(u => new { u.DigestViewId, u.CalendarViewId }).SingleAsync()))
            .Should().Be(new { DigestViewId = (int?)null, CalendarViewId = (int?)null });
        (await (await browser.GetAsync($"/calendar/{token}.ics")).Content.ReadAsStringAsync()).Should().Contain("Plain Co");
    }
}
