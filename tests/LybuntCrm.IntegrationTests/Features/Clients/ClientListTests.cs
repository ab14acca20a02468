using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class ClientListTests
{
    private static List<int> Ids(Page page) =>
        page.Document.QuerySelectorAll("[data-client-id]").Select(e => int.Parse(e.GetAttribute("data-client-id")!)).ToList();

    [Fact]
    public async Task An_empty_list_invites_to_add_the_first_client()
    {
        using var app = new CrmApp();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync("/Clients");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector("[data-testid=empty-state]")!.TextContent.Should().Contain("No clients yet");
    }

    [Fact]
    public async Task Search_finds_clients_by_name_contact_email_phone_and_external_id_with_or_without_diacritics()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var nguyen = await app.WithDbAsync(db => db.AddClientAsync("Công ty Nguyễn Hoàng", managerId, c => c.ExternalId = "VN-7781"));
        var acme = await app.WithDbAsync(db => db.AddClientAsync("Acme Events", managerId, c =>
            c.Contacts.Add(new Contact { Name = "Shirin Rahimi", Email = "shirin@acme.test", Phone = "+1 (555) 010-4477" })));
        var persian = await app.WithDbAsync(db => db.AddClientAsync("شرکت کیان", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        Ids(await browser.GetPageAsync("/Clients?q=nguyen")).Should().Equal(nguyen);
        Ids(await browser.GetPageAsync("/Clients?q=Nguyễn hoàng")).Should().Equal(nguyen);
        Ids(await browser.GetPageAsync("/Clients?q=vn-7781")).Should().Equal(nguyen);
        Ids(await browser.GetPageAsync("/Clients?q=rahimi")).Should().Equal(acme);
        Ids(await browser.GetPageAsync("/Clients?q=shirin@acme")).Should().Equal(acme);
        Ids(await browser.GetPageAsync("/Clients?q=5550104477")).Should().Equal(acme);
        Ids(await browser.GetPageAsync("/Clients?q=كيان")).Should().Equal(new[] { persian }, "Arabic ك/ي find Persian ک/ی");

        var none = await browser.GetPageAsync("/Clients?q=zzzqqq");
        Ids(none).Should().BeEmpty();
        none.Text.Should().Contain("No clients match");
    }

    [Fact]
    public async Task Filters_narrow_the_list_by_status_stage_and_owner()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var prospect = await app.WithDbAsync(db => db.AddClientAsync("Prospect A", managerId, c => { c.Status = ClientStatus.Prospect; c.Stage = LifecycleStage.Interested; }));
        var loyal = await app.WithDbAsync(db => db.AddClientAsync("Loyal B", otherId, c => c.Stage = LifecycleStage.Loyal));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        Ids(await browser.GetPageAsync("/Clients?status=Prospect")).Should().Equal(prospect);
        Ids(await browser.GetPageAsync("/Clients?stage=Loyal")).Should().Equal(loyal);
        Ids(await browser.GetPageAsync($"/Clients?owner={otherId}")).Should().Equal(loyal);
        Ids(await browser.GetPageAsync("/Clients?status=Nonsense")).Should().BeEquivalentTo([prospect, loyal], "an unknown filter value shows everything");
        Ids(await browser.GetPageAsync("/Clients?sort=LastPurchase&after=abc_5")).Should().BeEquivalentTo([prospect, loyal],
            "a cursor that is not a date (edited, or from another sort) starts from the top instead of failing");
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("LastPurchase")]
    [InlineData("NextCheckIn")]
    public async Task Keyset_paging_returns_every_client_exactly_once_forward_and_back(string sort)
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var all = new List<int>();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 60; i++)
            {
                // Repeated names and dates, and some clients without purchases or check-ins, to test the tie-breaks and the null segment.
                var client = new Client
                {
                    Name = $"Client {i % 7}",
                    OwnerId = managerId,
                    CreatedOn = new DateOnly(2026, 1, 1).AddDays(i % 5),
                    DoNotContact = i % 9 == 0,
                    DoNotContactReason = "asked",
                };
                if (i % 4 != 0) client.Purchases.Add(new Purchase { Date = new DateOnly(2025, 1, 1).AddDays(i % 6), Amount = 10 });
                client.SearchText = SearchText.ForClient(client.Name, null, []);
                db.Clients.Add(client);
            }
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, clientIds: null);
            all.AddRange(db.Clients.Select(c => c.Id));
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var seen = new List<int>();
        var pages = new List<List<int>>();
        var urls = new List<string>();
        var url = $"/Clients?sort={sort}";
        while (url is not null)
        {
            urls.Add(url);
            var page = await browser.GetPageAsync(url);
            page.StatusCode.Should().Be(HttpStatusCode.OK);
            pages.Add(Ids(page));
            seen.AddRange(pages[^1]);
            url = page.Document.QuerySelector("a[rel=next]")?.GetAttribute("href");
            pages.Count.Should().BeLessThan(10);
        }
        seen.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(all);
        pages.Should().HaveCount(3);

        // Walk back from the last page with "Previous": the same pages in reverse.
        var last = await browser.GetPageAsync(urls[^1]);
        var back = new List<List<int>>();
        string? previous = last.Document.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        while (previous is not null)
        {
            var page = await browser.GetPageAsync(previous);
            back.Add(Ids(page));
            previous = page.Document.QuerySelector("a[rel=prev]")?.GetAttribute("href");
        }
        back.Should().HaveCount(2);
        back[0].Should().Equal(pages[1]);
        back[1].Should().Equal(pages[0]);
    }

    [Fact]
    public async Task The_count_stops_at_a_cap_instead_of_counting_everything()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 1005; i++)
                db.Clients.Add(new Client { Name = $"C{i:D4}", OwnerId = i % 500 == 7 ? otherId : managerId, SearchText = $"c{i:d4} common" });
            await db.SaveChangesAsync();
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync("/Clients");
        page.Document.QuerySelector("[data-testid=client-count]")!.TextContent.Should().Contain("1,000+ clients");
        Ids(page).Should().HaveCount(25);

        // A search this broad walks the name index instead of sorting every match: same rows, same order.
        var broad = await browser.GetPageAsync("/Clients?q=common");
        broad.Document.QuerySelector("[data-testid=client-count]")!.TextContent.Should().Contain("1,000+ clients match");
        Ids(broad).Should().Equal(Ids(page));
        var next = await browser.GetPageAsync(broad.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        next.Document.QuerySelector("[data-client-id] a")!.TextContent.Should().Be("C0025");

        // Broad searches narrowed further are counted exactly: by another filter, and by a word too short for the index.
        var owned = await browser.GetPageAsync($"/Clients?q=common&owner={otherId}");
        owned.Document.QuerySelector("[data-testid=client-count]")!.TextContent.Should().Contain("2 clients match");
        owned.Document.QuerySelectorAll("[data-client-id] a").Select(a => a.TextContent).Should().Equal("C0007", "C0507");
        var shortWord = await browser.GetPageAsync("/Clients?q=common 99");
        shortWord.Document.QuerySelectorAll("[data-client-id] a").Select(a => a.TextContent).Should()
            .Equal("C0099", "C0199", "C0299", "C0399", "C0499", "C0599", "C0699", "C0799", "C0899", "C0990", "C0991", "C0992",
                "C0993", "C0994", "C0995", "C0996", "C0997", "C0998", "C0999");
        var few = await browser.GetPageAsync($"/Clients?q=c100&owner={managerId}");
        few.Document.QuerySelectorAll("[data-client-id] a").Select(a => a.TextContent).Should().Equal("C1000", "C1001", "C1002", "C1003", "C1004");
    }
}
