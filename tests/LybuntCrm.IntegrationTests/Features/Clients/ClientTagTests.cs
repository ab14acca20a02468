using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>Tags on clients: one at a time on the client page, many at once from the list, folded names, the filter and its pages.</summary>
public sealed class ClientTagTests
{
    private static List<int> Ids(Page page) =>
        page.Document.QuerySelectorAll("[data-client-id]").Select(e => int.Parse(e.GetAttribute("data-client-id")!)).ToList();

    private static Task<List<string>> TagsOfAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.ClientTags.Where(x => x.ClientId == clientId).Select(x => x.Tag!.Name).OrderBy(n => n).ToListAsync());

    [Fact]
    public async Task A_tag_added_on_the_client_page_is_one_tag_whatever_its_case_or_diacritics_and_shows_as_a_chip_that_filters_the_list()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var a = await app.WithDbAsync(db => db.AddClientAsync("Acme", managerId));
        var b = await app.WithDbAsync(db => db.AddClientAsync("Bravo", managerId));
        await app.WithDbAsync(db => db.AddClientAsync("Charlie", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await browser.PostFormAsync($"/Clients/{a}", new Dictionary<string, string> { ["tag"] = "  Khách   quen " }, $"/Clients/{a}?handler=AddTag"))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        await browser.PostFormAsync($"/Clients/{b}", new Dictionary<string, string> { ["tag"] = "KHACH QUEN" }, $"/Clients/{b}?handler=AddTag");
        await browser.PostFormAsync($"/Clients/{b}", new Dictionary<string, string> { ["tag"] = "khách quen" }, $"/Clients/{b}?handler=AddTag");
        await browser.PostFormAsync($"/Clients/{a}", new Dictionary<string, string> { ["tag"] = "VIP" }, $"/Clients/{a}?handler=AddTag");
        await browser.PostFormAsync($"/Clients/{b}", new Dictionary<string, string> { ["tag"] = "vip" }, $"/Clients/{b}?handler=AddTag");

        (await app.WithDbAsync(db => db.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToListAsync())).Should().Equal("Khách quen", "VIP");
        (await TagsOfAsync(app, b)).Should().Equal("Khách quen", "VIP");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "client.tag_added"))).Should().Be(4);

        var list = await browser.GetPageAsync("/Clients");
        var chips = list.Document.QuerySelector($"[data-client-id='{a}'] [data-testid=row-tags]")!.QuerySelectorAll("a");
        chips.Select(c => c.TextContent).Should().Equal("Khách quen", "VIP");
        Ids(await browser.GetPageAsync(chips[0].GetAttribute("href")!)).Should().Equal(a, b);
        Ids(await browser.GetPageAsync("/Clients?tag=khach%20QUEN")).Should().Equal(a, b);

        // The export follows the tag filter and lists each client's tags in one cell.
        var csv = await (await browser.GetAsync("/Clients/Export?format=csv&tag=VIP")).Content.ReadAsStringAsync();
        csv.Should().Contain("Bravo").And.Contain("Khách quen; VIP").And.NotContain("Charlie");

        var tooLong = await browser.PostFormAsync($"/Clients/{a}", new Dictionary<string, string> { ["tag"] = new string('x', 41) }, $"/Clients/{a}?handler=AddTag");
        tooLong.StatusCode.Should().Be(HttpStatusCode.OK);
        tooLong.Text.Should().Contain("Keep a tag under 40 characters.");

        var vip = await app.WithDbAsync(db => db.Tags.Where(t => t.NormalizedName == "vip").Select(t => t.Id).SingleAsync());
        await browser.PostFormAsync($"/Clients/{a}", new Dictionary<string, string> { ["tagId"] = vip.ToString() }, $"/Clients/{a}?handler=RemoveTag");
        (await TagsOfAsync(app, a)).Should().Equal("Khách quen");
        Ids(await browser.GetPageAsync("/Clients?tag=vip")).Should().Equal(b);
    }

    [Fact]
    public async Task A_manager_cannot_tag_someone_elses_client()
    {
        using var app = new CrmApp();
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        var toms = await app.WithDbAsync(db => db.AddClientAsync("Tom's", otherId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var refused = await browser.PostFormAsync($"/Clients/{toms}", new Dictionary<string, string> { ["tag"] = "VIP" }, $"/Clients/{toms}?handler=AddTag");

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await TagsOfAsync(app, toms)).Should().BeEmpty();
    }

    [Fact]
    public async Task Bulk_add_tag_to_all_matching_is_one_audited_change_and_undo_takes_it_off_again_but_not_the_tags_clients_had()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var mine = new List<int>();
        for (var i = 0; i < 30; i++) mine.Add(await app.WithDbAsync(db => db.AddClientAsync($"Client {i:00}", managerId)));
        var toms = await app.WithDbAsync(db => db.AddClientAsync("Tom's", otherId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        await browser.PostFormAsync($"/Clients/{mine[0]}", new Dictionary<string, string> { ["tag"] = "vip" }, $"/Clients/{mine[0]}?handler=AddTag");

        // Everyone's clients match: the other manager's one is named and left out once confirmed.
        var asked = await browser.PostFormAsync("/Clients", new Dictionary<string, string>
        { ["Bulk.All"] = "true", ["Bulk.Action"] = "AddTag", ["Bulk.Tag"] = "VIP" }, "/Clients?handler=Bulk");
        asked.Document.QuerySelector("[data-testid=bulk-confirm]")!.TextContent.Should().Contain("Tom's");
        var done = await browser.PostFormAsync("/Clients", new Dictionary<string, string>
        { ["Bulk.All"] = "true", ["Bulk.Action"] = "AddTag", ["Bulk.Tag"] = "VIP", ["Bulk.LeaveOutRefused"] = "true" }, "/Clients?handler=Bulk");

        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ClientTags.Select(x => x.ClientId).OrderBy(x => x).ToListAsync())).Should().Equal(mine);
        (await app.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == "clients.bulk").Select(e => e.Detail).ToListAsync()))
            .Should().ContainSingle().Which.Should().Contain("action=AddTag count=29");
        var listed = await browser.GetPageAsync("/Clients");
        listed.Text.Should().Contain("Tagged 29 clients VIP.");
        var token = listed.Document.QuerySelector("[data-testid=bulk-undo] input[name=token]")!.GetAttribute("value")!;

        var undo = await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["token"] = token }, "/Clients?handler=BulkUndo");

        undo.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.ClientTags.Select(x => x.ClientId).ToListAsync())).Should().Equal(mine[0]);
        (await TagsOfAsync(app, toms)).Should().BeEmpty();
    }

    [Fact]
    public async Task Bulk_remove_tag_undone_after_a_client_got_it_back_is_refused_and_changes_nothing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var a = await app.WithDbAsync(db => db.AddClientAsync("Acme", managerId));
        var b = await app.WithDbAsync(db => db.AddClientAsync("Bravo", managerId));
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);
        foreach (var id in new[] { a, b })
            await browser.PostFormAsync($"/Clients/{id}", new Dictionary<string, string> { ["tag"] = "Hà Nội" }, $"/Clients/{id}?handler=AddTag");

        await browser.PostFormAsync("/Clients", [new("Bulk.Action", "RemoveTag"), new("Bulk.Tag", "ha noi"), new("Bulk.Ids", a.ToString()), new("Bulk.Ids", b.ToString())],
            "/Clients?handler=Bulk");
        (await app.WithDbAsync(db => db.ClientTags.CountAsync())).Should().Be(0);
        var token = (await browser.GetPageAsync("/Clients")).Document.QuerySelector("[data-testid=bulk-undo] input[name=token]")!.GetAttribute("value")!;
        await browser.PostFormAsync($"/Clients/{a}", new Dictionary<string, string> { ["tag"] = "HÀ NỘI" }, $"/Clients/{a}?handler=AddTag");

        await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["token"] = token }, "/Clients?handler=BulkUndo");

        (await browser.GetPageAsync("/Clients")).Text.Should().Contain("Not undone").And.Contain("Acme");
        (await TagsOfAsync(app, b)).Should().BeEmpty();
    }

    [Fact]
    public async Task The_keyset_pager_over_a_tag_and_a_saved_view_forward_and_back_equals_the_plain_order()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var tagged = new List<int>();
        await app.WithDbAsync(async db =>
        {
            var tag = new Tag { Name = "VIP", NormalizedName = "vip", CreatedAtUtc = DateTime.UtcNow };
            db.Tags.Add(tag);
            // Vietnamese and Persian names, and names equal once folded ("Đặng" and "dang"; Arabic and Persian yeh).
            string[] names = ["Client", "Đặng Văn An", "dang van an", "Nguyễn Thị Ánh", "محمد رضایی", "محمد رضايي", "زهرا", "Zoë", "Ánh"];
            for (var i = 0; i < 70; i++)
            {
                // Names repeat, dates repeat and some are missing: ties and the undated segment are crossed by the pages.
                var name = names[i % names.Length];
                var client = new Client
                {
                    Name = name,
                    OwnerId = i % 5 == 0 ? otherId : managerId,
                    SearchText = SearchText.ForClient(name, null, []),
                    LastPurchaseOn = i % 4 == 0 ? null : new DateOnly(2025, 1 + i % 6, 1),
                    NextCheckInOn = i % 6 == 1 ? null : new DateOnly(2026, 7, 1 + i % 5),
                };
                db.Clients.Add(client);
                if (i % 3 != 0) db.ClientTags.Add(new ClientTag { Client = client, Tag = tag });
            }
            await db.SaveChangesAsync();
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        foreach (var sort in new[] { "Name", "LastPurchase", "NextCheckIn" })
        {
            var expected = await app.WithDbAsync(async db =>
            {
                var rows = db.Clients.Where(c => db.ClientTags.Any(x => x.ClientId == c.Id && x.Tag!.NormalizedName == "vip"));
                return sort switch
                {
                    "Name" => await rows.OrderBy(c => c.SortKey).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync(),
                    "LastPurchase" => (await rows.Select(c => new { c.Id, c.LastPurchaseOn }).ToListAsync())
                        .OrderBy(c => c.LastPurchaseOn is null).ThenByDescending(c => c.LastPurchaseOn).ThenByDescending(c => c.Id).Select(c => c.Id).ToList(),
                    _ => (await rows.Select(c => new { c.Id, c.NextCheckInOn }).ToListAsync())
                        .OrderBy(c => c.NextCheckInOn is null).ThenBy(c => c.NextCheckInOn).ThenBy(c => c.Id).Select(c => c.Id).ToList(),
                };
            });
            await WalkAsync(browser, $"/Clients?tag=Vip&sort={sort}", expected);
        }

        // The same through a saved view, opened by its maker.
        var saved = await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["name"] = "VIPs", ["query"] = "tag=VIP&sort=Name&after=x&evil=1" },
            "/Clients?handler=SaveView");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.SavedViews.Select(v => v.Query).SingleAsync())).Should().Be("tag=VIP", "unknown parameters and the cursor are dropped");
        var all = await app.WithDbAsync(db => db.Clients.Where(c => db.ClientTags.Any(x => x.ClientId == c.Id))
            .OrderBy(c => c.SortKey).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        all.Should().HaveCountGreaterThan(25, "the view spans pages");
        await WalkAsync(browser, saved.Location!, all);
    }

    /// <summary>Pages forward to the end, then back to the start by the Previous links; both walks must give the expected order.</summary>
    private static async Task WalkAsync(Browser browser, string first, List<int> expected)
    {
        var forward = new List<int>();
        var pages = new List<Page>();
        var url = first;
        while (true)
        {
            var page = await browser.GetPageAsync(url);
            pages.Add(page);
            forward.AddRange(Ids(page));
            var next = page.Document.QuerySelector("a[rel=next]")?.GetAttribute("href");
            if (next is null) break;
            url = next;
        }
        forward.Should().Equal(expected);
        pages.Count.Should().BeGreaterThan(1);

        var backward = Ids(pages[^1]);
        var previous = pages[^1].Document.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        while (previous is not null)
        {
            var page = await browser.GetPageAsync(previous);
            backward.InsertRange(0, Ids(page));
            previous = page.Document.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        }
        backward.Should().Equal(expected);
    }
}
