using System.Net;
using LybuntCrm.IntegrationTests.Features.Lybunt;
using LybuntData = LybuntCrm.IntegrationTests.Features.Lybunt.Lybunt;
using LybuntCrm.IntegrationTests.Features.Shared;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Managers;

public sealed class ManagerPageTests
{
    /// <summary>Today is Monday 15 June 2026; an English reader's weeks start on Sunday, so the last of the twelve runs from
    /// Sunday 14 June and the first from Sunday 29 March.</summary>
    private static async Task<(CrmApp App, string ManagerId, string OtherId)> ArrangeAsync()
    {
        var app = new CrmApp(new DateOnly(2026, 6, 15));
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var mine = await app.AddAsync(LybuntData.NewClient(managerId, "Mine Ltd", (2025, 4, 1, 1500m)));
        await app.AddAsync(LybuntData.NewClient(managerId, "Steady", (2025, 5, 1, 100m), (2026, 2, 1, 40m)));
        var theirs = await app.AddAsync(LybuntData.NewClient(otherId, "Theirs Ltd", (2025, 5, 1, 900m)));
        await app.FlagAsync();
        await app.WithDbAsync(async db =>
        {
            void Touch(int client, string user, int month, int day, TouchpointOutcome outcome, Direction direction = Direction.Outbound) =>
                db.Touchpoints.Add(new Touchpoint
                {
                    ClientId = client,
                    UserId = user,
                    OccurredOn = new DateOnly(2026, month, day),
                    CreatedAtUtc = DateTime.UtcNow,
                    Channel = Channel.Phone,
                    Direction = direction,
                    Outcome = outcome,
                });
            Touch(mine, managerId, 6, 15, TouchpointOutcome.Reached);                       // this week, today
            Touch(mine, managerId, 6, 14, TouchpointOutcome.NoAnswer);                      // this week, its first day
            Touch(mine, managerId, 6, 13, TouchpointOutcome.Other, Direction.Inbound);      // last week's Saturday: they called us
            Touch(mine, managerId, 6, 13, TouchpointOutcome.ProposalSent);                  // last week, neither reached nor unanswered
            Touch(mine, managerId, 5, 19, TouchpointOutcome.NoShow);                        // 28th day back: within the last four weeks
            Touch(mine, managerId, 5, 18, TouchpointOutcome.LeftMessage);                   // 29th day back: same week, not recent
            Touch(mine, managerId, 3, 29, TouchpointOutcome.Reached);                       // the first week's first day
            Touch(mine, managerId, 3, 28, TouchpointOutcome.Reached);                       // before the twelve weeks
            Touch(theirs, otherId, 6, 15, TouchpointOutcome.Reached);                       // someone else's
            Touch(theirs, otherId, 6, 8, TouchpointOutcome.NoAnswer);
            await db.SaveChangesAsync();
        });
        return (app, managerId, otherId);
    }

    [Fact]
    public async Task The_activity_chart_counts_a_managers_own_touches_per_week_by_outcome()
    {
        var (app, managerId, _) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.OtherManagerEmail);

        var page = await browser.GetPageAsync("/Managers/" + managerId);

        page.StatusCode.Should().Be(HttpStatusCode.OK, "every manager may look at a colleague's page");
        page.Document.QuerySelector("[data-testid=manager-name]")!.TextContent.Trim().Should().Be("An Nguyen");
        ChartTable.Columns(page.Document, "activity-chart").Should().Equal("Reached", "No answer", "Other outcome", "Touches");
        var weeks = ChartTable.Rows(page.Document, "activity-chart");
        weeks.Keys.Should().HaveCount(12);
        weeks.Keys.First().Should().Be("Week of 29 Mar 2026");
        weeks.Keys.Last().Should().Be("Week of 14 Jun 2026");
        weeks["Week of 14 Jun 2026"].Should().Equal("1", "1", "0", "2");
        weeks["Week of 7 Jun 2026"].Should().Equal(new[] { "1", "0", "1", "2" }, "an inbound touch counts as reached; not Tom's no-answer of 8 June");
        weeks["Week of 17 May 2026"].Should().Equal("0", "2", "0", "2");
        weeks["Week of 29 Mar 2026"].Should().Equal(new[] { "1", "0", "0", "1" }, "28 March is before the first week");
        weeks.Where(w => w.Key is not ("Week of 14 Jun 2026" or "Week of 7 Jun 2026" or "Week of 17 May 2026" or "Week of 29 Mar 2026"))
            .Should().OnlyContain(w => w.Value.SequenceEqual(new[] { "0", "0", "0", "0" }));
        ChartTable.Bars(page.Document, "activity-chart").Should().HaveCount(12)
            .And.Contain("Week of 14 Jun 2026 · Reached: 1 · No answer: 1 · Other outcome: 0 · Touches: 2");

        page.Document.QuerySelector("[data-testid=recent-touches]")!.TextContent.Trim().Should().Be("5", "the last 28 days, today included");
    }

    [Fact]
    public async Task A_managers_lybunt_figures_and_revenue_chart_count_only_their_clients()
    {
        var (app, managerId, otherId) = await ArrangeAsync();
        using var _ = app;
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Managers/" + managerId);

        page.Document.QuerySelector("[data-testid=clients-owned]")!.TextContent.Trim().Should().Be("2");
        page.Document.QuerySelector("[data-testid=lybunt-clients]")!.TextContent.Trim().Should().Be("1");
        page.Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("1,500", "not Tom's 900");
        var years = ChartTable.Rows(page.Document, "revenue-chart");
        years["2026"].Should().Equal("40", "0", "0", "40", "1,500");
        years["2025"].Should().Equal("0", "0", "1,600", "1,600", "0");
        page.Document.QuerySelector("[data-testid=manager-lybunt]")!.GetAttribute("href").Should().Be("/Lybunt?owner=" + managerId);

        var theirs = await browser.GetPageAsync("/Managers/" + otherId);
        theirs.Document.QuerySelector("[data-testid=at-risk-revenue]")!.TextContent.Trim().Should().Be("900");
        ChartTable.Rows(theirs.Document, "revenue-chart")["2026"].Should().Equal("0", "0", "0", "0", "900");
        ChartTable.Rows(theirs.Document, "activity-chart")["Week of 7 Jun 2026"].Should().Equal("0", "1", "0", "1");
    }

    [Fact]
    public async Task The_page_is_reachable_from_the_users_list_today_the_profile_and_the_team_list()
    {
        var (app, managerId, otherId) = await ArrangeAsync();
        using var _ = app;
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Admin/Users")).Document.QuerySelector($"a[href='/Managers/{managerId}']").Should().NotBeNull();
        (await admin.GetPageAsync("/Today?user=" + managerId)).Document.QuerySelector("[data-testid=manager-page]")!
            .GetAttribute("href").Should().Be("/Managers/" + managerId);
        (await admin.GetPageAsync("/Managers/" + managerId)).Document.QuerySelector("[data-testid=manager-today]")!
            .GetAttribute("href").Should().Be("/Today?user=" + managerId);

        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetPageAsync("/Account/Profile")).Document.QuerySelector("[data-testid=my-page]")!
            .GetAttribute("href").Should().Be("/Managers/" + managerId);
        var team = await manager.GetPageAsync("/Managers");
        team.StatusCode.Should().Be(HttpStatusCode.OK);
        var row = team.Document.QuerySelector($"[data-testid=managers-table] tr[data-manager-id='{managerId}']")!;
        row.QuerySelectorAll("td").Skip(1).Select(c => c.TextContent.Trim()).Should().Equal("2", "1", "1,500", "5");
        team.Document.QuerySelector($"[data-testid=managers-table] tr[data-manager-id='{otherId}']")!.TextContent.Should().Contain("900");
        ChartTable.Rows(team.Document, "activity-chart")["Week of 14 Jun 2026"].Should().Equal(new[] { "2", "1", "0", "3" }, "everyone's touches");

        (await manager.GetPageAsync("/Managers/no-such-user")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var visitor = app.NewBrowser();
        (await visitor.GetAsync("/Managers/" + managerId)).StatusCode.Should().Be(HttpStatusCode.Redirect, "signed-in users only");
    }
}
