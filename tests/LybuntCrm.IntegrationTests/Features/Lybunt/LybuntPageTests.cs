using System.Net;
using LybuntCrm.IntegrationTests.Features.Shared;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Lybunt;

public sealed class LybuntPageTests
{
    private static async Task<(CrmApp App, int Mine, int Theirs)> ArrangeAsync()
    {
        var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var mine = await app.AddAsync(Lybunt.NewClient(managerId, "Mine Ltd", (2025, 4, 1, 1500m)));
        var theirs = await app.AddAsync(Lybunt.NewClient(otherId, "Theirs Ltd", (2025, 5, 1, 900m)));
        await app.AddAsync(Lybunt.NewClient(otherId, "Long Gone", (2022, 5, 1, 50m)));
        await app.AddAsync(Lybunt.NewClient(otherId, "Loyal", (2025, 5, 1, 50m), (2026, 1, 5, 70m)));
        await app.FlagAsync();
        return (app, mine, theirs);
    }

    [Fact]
    public async Task A_manager_sees_every_flagged_client_with_headline_figures()
    {
        var (app, mine, theirs) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Lybunt");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var rows = page.Document.QuerySelectorAll("[data-testid=lybunt-table] tbody tr").Select(r => r.GetAttribute("data-client-id")).ToList();
        rows.Should().Equal(mine.ToString(), theirs.ToString());
        page.Document.QuerySelector("[data-testid=at-risk-count]")!.TextContent.Trim().Should().Be("2");
        page.Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("2,400");
        page.Document.QuerySelector($"tr[data-client-id='{mine}'] a[href='/Clients/{mine}']").Should().NotBeNull();
        page.Document.QuerySelector($"tr[data-client-id='{mine}'] [data-testid=winback-status]")!.TextContent.Trim().Should().Be("open");

        var sybunt = await browser.GetPageAsync("/Lybunt?list=sybunt");
        sybunt.Document.QuerySelectorAll("[data-testid=lybunt-table] tbody tr").Should().ContainSingle()
            .Which.TextContent.Should().Contain("Long Gone");

        var otherId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.OtherManagerEmail).Select(u => u.Id).SingleAsync());
        var filtered = await browser.GetPageAsync("/Lybunt?owner=" + otherId);
        filtered.Document.QuerySelectorAll("[data-testid=lybunt-table] tbody tr").Select(r => r.GetAttribute("data-client-id"))
            .Should().Equal(theirs.ToString());
    }

    [Fact]
    public async Task The_revenue_chart_is_drawn_in_the_page_with_its_values_on_the_bars_and_as_a_table()
    {
        var (app, _, _) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Lybunt");

        page.Document.QuerySelector("img[src*='handler=Chart']").Should().BeNull("the chart is inline, not an image");
        var svg = page.Document.QuerySelector("[data-testid=revenue-chart] svg")!;
        svg.GetAttribute("aria-label").Should().Be("Revenue by fiscal year: retained, recovered, new and lapsed");
        var bars = ChartTable.Bars(page.Document, "revenue-chart");
        bars.Should().HaveCount(12, "six years, each with a revenue bar and a lapsed bar");
        bars.Should().Contain("2026 · Retained: 70 · Recovered: 0 · New: 0 · Revenue: 70").And.Contain("2026 · Lapsed: 2,400")
            .And.Contain("2025 · Retained: 0 · Recovered: 0 · New: 2,450 · Revenue: 2,450");
        page.Document.QuerySelector("script[src^='/js/chart.js']").Should().NotBeNull("values show on hover and focus");

        ChartTable.Columns(page.Document, "revenue-chart").Should().Equal("Retained", "Recovered", "New", "Revenue", "Lapsed");
        var table = ChartTable.Rows(page.Document, "revenue-chart");
        table.Keys.Should().Equal("2021", "2022", "2023", "2024", "2025", "2026");
        table["2026"].Should().Equal("70", "0", "0", "70", "2,400");
        table["2025"].Should().Equal("0", "0", "2,450", "2,450", "0");
        table["2023"].Should().Equal("0", "0", "0", "0", "50");

        var otherId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.OtherManagerEmail).Select(u => u.Id).SingleAsync());
        var theirs = await browser.GetPageAsync("/Lybunt?owner=" + otherId);
        ChartTable.Rows(theirs.Document, "revenue-chart")["2026"].Should().Equal(new[] { "70", "0", "0", "70", "900" }, "the chart follows the owner filter");
        theirs.Document.QuerySelector($"[data-testid=owner-page]")!.GetAttribute("href").Should().Be("/Managers/" + otherId);
        theirs.Document.QuerySelector($"[data-testid=lybunt-table] a[href='/Managers/{otherId}']").Should().NotBeNull("owner names lead to their page");
    }

    [Fact]
    public async Task Keyset_paging_walks_the_list_without_repeats()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 120; i++)
                db.Clients.Add(Lybunt.NewClient(managerId, "C" + i, (2025, 6, 1, 100m + (i % 7))));
            await db.SaveChangesAsync();
        });
        await app.FlagAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var seen = new List<string>();
        var url = "/Lybunt";
        for (var guard = 0; url is not null && guard < 10; guard++)
        {
            var page = await browser.GetPageAsync(url);
            seen.AddRange(page.Document.QuerySelectorAll("[data-testid=lybunt-table] tbody tr").Select(r => r.GetAttribute("data-client-id")!));
            url = page.Document.QuerySelector("[data-testid=next-page]")?.GetAttribute("href");
        }

        seen.Should().HaveCount(120).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_manager_acts_only_on_own_clients()
    {
        var (app, mine, theirs) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var fields = new Dictionary<string, string>
        {
            ["Touch.Channel"] = "Phone",
            ["Touch.Direction"] = "Outbound",
            ["Touch.Outcome"] = "Reached",
            ["Touch.Summary"] = "Budget comes in July",
        };

        var view = await browser.GetPageAsync($"/Lybunt/WinBack/{theirs}");
        view.StatusCode.Should().Be(HttpStatusCode.OK, "everyone may look");
        var forbidden = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}", fields, $"/Lybunt/WinBack/{theirs}?handler=Touchpoint");
        forbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var letGoForbidden = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}",
            new Dictionary<string, string> { ["LetGo.Reason"] = "Not mine" }, $"/Lybunt/WinBack/{theirs}?handler=LetGo");
        letGoForbidden.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync(t => t.ClientId == theirs))).Should().Be(0);
        (await app.ClientAsync(theirs)).Status.Should().Be(ClientStatus.Client);

        var logged = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}", fields, $"/Lybunt/WinBack/{mine}?handler=Touchpoint");
        logged.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var touch = await app.WithDbAsync(db => db.Touchpoints.AsNoTracking().SingleAsync(t => t.ClientId == mine));
        touch.Summary.Should().Be("Budget comes in July");
        touch.OccurredOn.Should().Be(new DateOnly(2026, 6, 15));
        var winBack = (await app.WinBacksAsync(mine)).Single();
        winBack.Status.Should().Be(FollowUpStatus.Open, "a touch is an attempt; the win-back stays until the client buys or is let go");
        winBack.DueOn.Should().Be(new DateOnly(2026, 6, 29), "the next attempt follows the win-back cadence");
        (await browser.GetPageAsync($"/Lybunt/WinBack/{mine}")).Document.QuerySelector("[data-testid=winback-attempts]")!.TextContent
            .Should().Be("1 attempt · next on 29 Jun 2026");
        (await app.ClientAsync(mine)).LastContactOn.Should().Be(new DateOnly(2026, 6, 15), "client facts are refreshed");

        var list = await browser.GetPageAsync("/Lybunt");
        list.Document.QuerySelector($"tr[data-client-id='{mine}'] [data-testid=winback-status]")!.TextContent.Trim().Should().Be("open");
    }

    [Fact]
    public async Task Letting_a_client_go_requires_a_reason()
    {
        var (app, mine, _) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var refused = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}",
            new Dictionary<string, string> { ["LetGo.Reason"] = "   " }, $"/Lybunt/WinBack/{mine}?handler=LetGo");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().Contain("Say why you are letting this client go.");
        (await app.ClientAsync(mine)).Status.Should().Be(ClientStatus.Client);

        var done = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}",
            new Dictionary<string, string> { ["LetGo.Reason"] = "Closed their office" }, $"/Lybunt/WinBack/{mine}?handler=LetGo");
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var client = await app.ClientAsync(mine);
        client.Status.Should().Be(ClientStatus.LetGo);
        client.LetGoReason.Should().Be("Closed their office");
        client.LetGoOn.Should().Be(new DateOnly(2026, 6, 15));
        client.NextCheckInOn.Should().BeNull();
        var winBack = (await app.WinBacksAsync(mine)).Single();
        winBack.Status.Should().Be(FollowUpStatus.Dismissed);

        var list = await browser.GetPageAsync("/Lybunt");
        list.Document.QuerySelector($"tr[data-client-id='{mine}'] [data-testid=winback-status]")!.TextContent.Trim().Should().BeEquivalentTo("let go",
            "a let-go client stays on the list, visibly decided");
    }

    [Fact]
    public async Task Snoozing_needs_a_future_date_and_moves_the_win_back()
    {
        var (app, mine, _) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var refused = await browser.PostFormAsync($"/Lybunt/WinBack/{mine}",
            new Dictionary<string, string> { ["Snooze.Until"] = "2026-06-01" }, $"/Lybunt/WinBack/{mine}?handler=Snooze");
        refused.Errors.Should().Contain("Choose a date after today and within a year.");

        await browser.PostFormAsync($"/Lybunt/WinBack/{mine}",
            new Dictionary<string, string> { ["Snooze.Until"] = "2026-07-01" }, $"/Lybunt/WinBack/{mine}?handler=Snooze");
        var winBack = (await app.WinBacksAsync(mine)).Single();
        winBack.Status.Should().Be(FollowUpStatus.Snoozed);
        winBack.SnoozedUntil.Should().Be(new DateOnly(2026, 7, 1));
        winBack.PlannedOn.Should().Be(new DateOnly(2026, 7, 1));
    }

    [Fact]
    public async Task Export_lists_the_flagged_clients_as_csv_safe_for_spreadsheets_and_is_audited()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var evil = Lybunt.NewClient(managerId, "=HYPERLINK(\"http://evil\",\"click\")", (2025, 4, 1, 1500.25m));
        evil.ExternalId = "@ext-1";
        await app.AddAsync(evil);
        await app.AddAsync(Lybunt.NewClient(managerId, "Plain, Inc.", (2025, 7, 1, 10m)));
        await app.AddAsync(Lybunt.NewClient(managerId, "Old Timer", (2023, 7, 1, 10m)));
        await app.FlagAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var response = await browser.GetAsync("/Lybunt/Export?list=lybunt");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("lybunt-2026-06-15.csv");
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Equal(
            "ExternalId,Name,Owner,LastYearTotal,LastPurchaseDate,FirstFlagged,Status",
            "'@ext-1,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",An Nguyen,1500.25,2025-04-01,2026-06-15,open",
            lines[2]);
        lines[2].Should().Contain("\"Plain, Inc.\"").And.EndWith(",10.00,2025-07-01,2026-06-15,open");

        var sybunt = await (await browser.GetAsync("/Lybunt/Export?list=sybunt")).Content.ReadAsStringAsync();
        sybunt.Should().Contain("Old Timer").And.NotContain("Plain");
        (await browser.GetAsync("/Lybunt/Export?list=everyone")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "lybunt.export"))).Should().Be(2);
    }

    [Fact]
    public async Task Only_admins_run_the_job_from_the_page()
    {
        var (app, mine, _) = await ArrangeAsync();
        using var _ = app;
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetPageAsync("/Lybunt")).Document.QuerySelector("form[action*='handler=Run']").Should().BeNull();
        (await manager.PostFormAsync($"/Lybunt/WinBack/{mine}", new Dictionary<string, string>(), "/Lybunt?handler=Run"))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var run = await admin.PostFormAsync("/Lybunt", new Dictionary<string, string>(), "/Lybunt?handler=Run");
        run.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }
}
