using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Features.Clients.Duplicates;

/// <summary>The duplicates page, the side-by-side merge and the undo on the timeline, as users reach them.</summary>
public sealed class DuplicatePagesTests
{
    private static IReadOnlyList<string> Pairs(Page page) =>
        page.Document.QuerySelectorAll("[data-testid=duplicate-pair]").Select(r => r.GetAttribute("data-pair")!).ToList();

    [Fact]
    public async Task Admins_see_every_pair_with_its_reasons_and_managers_the_pairs_they_own_a_client_of()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var mine = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456");
        var theirs = await ClientAsync(app, "THAI BINH DUONG CO., LTD", otherId, phone: "+84903123456");
        var otherA = await ClientAsync(app, "Orchid Hall", otherId);
        var otherB = await ClientAsync(app, "ORCHID HALL LLC", otherId);
        await ScanAsync(app);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var adminPage = await admin.GetPageAsync("/Clients/Duplicates");
        adminPage.StatusCode.Should().Be(HttpStatusCode.OK);
        Pairs(adminPage).Should().Equal($"{mine}-{theirs}", $"{otherA}-{otherB}");
        var first = adminPage.Document.QuerySelector("[data-testid=duplicate-pair]")!;
        first.QuerySelectorAll("[data-testid=duplicate-reason]").Select(r => r.TextContent).Should().Equal("Same phone", "Same name after folding");
        first.QuerySelectorAll("bdi").Select(b => b.TextContent).Should().Contain(["Công ty TNHH Thái Bình Dương", "THAI BINH DUONG CO., LTD"]);
        first.QuerySelector("[data-testid=merge-link]").Should().NotBeNull();

        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var managerPage = await manager.GetPageAsync("/Clients/Duplicates");
        Pairs(managerPage).Should().Equal($"{mine}-{theirs}");
        managerPage.Document.QuerySelector("[data-testid=merge-link]").Should().BeNull("the manager does not own both");

        // Neither a merge nor a "not the same" of someone else's client, whatever the form says.
        (await manager.GetPageAsync($"/Clients/Duplicates/Merge?keep={mine}&absorb={theirs}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var refused = await manager.PostFormAsync("/Clients/Duplicates", new Dictionary<string, string> { ["a"] = $"{mine}", ["b"] = $"{theirs}" },
            postUrl: "/Clients/Duplicates?handler=NotSame");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var dismissed = await admin.PostFormAsync("/Clients/Duplicates", new Dictionary<string, string> { ["a"] = $"{otherB}", ["b"] = $"{otherA}" },
            postUrl: "/Clients/Duplicates?handler=NotSame");
        dismissed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        Pairs(await admin.GetPageAsync("/Clients/Duplicates")).Should().Equal($"{mine}-{theirs}");
        await ScanAsync(app);
        Pairs(await admin.GetPageAsync("/Clients/Duplicates")).Should().Equal($"{mine}-{theirs}");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "client.not_duplicate"))).Should().Be(1);
    }

    [Fact]
    public async Task A_merge_side_by_side_keeps_the_values_picked_and_the_timeline_undoes_it()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var keep = await ClientAsync(app, "Thai Binh Duong", managerId, phone: "+84903123456", shape: c =>
        {
            c.CadenceDays = 120;
            c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 700 });
        });
        var absorb = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId, phone: "+84903123456", shape: c =>
        {
            c.CadenceDays = 60;
            c.Notes = "Prefers calls after 3 pm";
            c.Purchases.Add(new Purchase { Date = new DateOnly(2026, 2, 1), Amount = 1200 });
        });
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var url = $"/Clients/Duplicates/Merge?keep={keep}&absorb={absorb}";

        var form = await manager.GetPageAsync(url);
        form.StatusCode.Should().Be(HttpStatusCode.OK);
        form.Document.QuerySelectorAll("[data-testid=merge-fields] tr[data-field]").Select(r => r.GetAttribute("data-field"))
            .Should().Equal("Name", "CadenceDays", "Notes");

        var merged = await manager.PostFormAsync(url, new Dictionary<string, string>
        {
            ["Choice[Name]"] = "absorb",
            ["Choice[CadenceDays]"] = "keep",
            ["Choice[Notes]"] = "absorb",
        });
        merged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        merged.Location.Should().Be($"/Clients/{keep}");
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == keep));
        (client.Name, client.CadenceDays, client.Notes, client.LastPurchaseOn)
            .Should().Be(("Công ty TNHH Thái Bình Dương", 120, "Prefers calls after 3 pm", new DateOnly(2026, 2, 1)));
        var absorbedPage = await manager.GetPageAsync($"/Clients/{absorb}");
        (absorbedPage.StatusCode, absorbedPage.Location).Should().Be((HttpStatusCode.Redirect, $"/Clients/{keep}"), "a merged client lives on in the kept one");
        var again = await manager.PostFormAsync(url, new Dictionary<string, string>());
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Document.QuerySelector("[data-testid=merge-refusal]")!.TextContent.Should().Be("One of the two clients has already been merged into another.");

        var details = await manager.GetPageAsync($"/Clients/{keep}");
        details.Document.QuerySelector("[data-testid=timeline]")!.TextContent.Should().Contain("into this client");
        var mergeId = details.Document.QuerySelector("[data-testid=undo-merge]")!.ParentElement!.QuerySelector("input[name=mergeId]")!.GetAttribute("value")!;
        var undone = await manager.PostFormAsync($"/Clients/{keep}", new Dictionary<string, string> { ["mergeId"] = mergeId },
            postUrl: $"/Clients/{keep}?handler=UndoMerge");
        undone.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await manager.GetPageAsync($"/Clients/{absorb}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await manager.GetPageAsync($"/Clients/{keep}");
        after.Document.QuerySelector("[data-testid=undo-merge]").Should().BeNull();
        after.Document.QuerySelector("[data-testid=timeline]")!.TextContent.Should().Contain("is a client of its own again");
        (await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == keep))).Name.Should().Be("Thai Binh Duong");
    }

    [Fact]
    public async Task A_merge_of_a_client_with_itself_or_a_missing_one_is_a_clear_refusal_not_an_error()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var keep = await ClientAsync(app, "Lotus", managerId);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var self = await manager.GetPageAsync($"/Clients/Duplicates/Merge?keep={keep}&absorb={keep}");
        self.StatusCode.Should().Be(HttpStatusCode.OK);
        self.Document.QuerySelector("[data-testid=merge-refusal]")!.TextContent.Should().Be("A client cannot be merged with itself.");
        var missing = await manager.GetPageAsync($"/Clients/Duplicates/Merge?keep={keep}&absorb=999999");
        missing.Document.QuerySelector("[data-testid=merge-refusal]")!.TextContent.Should().Be("One of the two clients no longer exists.");
        (await manager.GetPageAsync("/Clients/Duplicates/Merge")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_persian_page_isolates_names_and_translates_the_reasons()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await ClientAsync(app, "شرکت سهامی خاص كاوه", managerId);
        await ClientAsync(app, "کاوه", managerId);
        await ScanAsync(app);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == CrmApp.AdminEmail);
            user.ChangeCulture("fa");
            await db.SaveChangesAsync();
        });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var page = await admin.GetPageAsync("/Clients/Duplicates");

        page.Document.QuerySelector("html")!.GetAttribute("dir").Should().Be("rtl");
        page.Document.QuerySelector("h1")!.TextContent.Should().Be("تکراری‌های احتمالی");
        page.Document.QuerySelectorAll("[data-testid=duplicate-pair] bdi").Select(b => b.TextContent).Should().Contain(["شرکت سهامی خاص كاوه", "کاوه"]);
        page.Document.QuerySelector("[data-testid=duplicate-reason]")!.TextContent.Should().Be("نام یکسان پس از یکسان‌سازی");
    }
}
