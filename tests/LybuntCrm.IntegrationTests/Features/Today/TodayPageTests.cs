using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

public sealed class TodayPageTests
{
    private const string TokenPage = "/Today/Calendar";

    private static async Task<int> CheckInIdAsync(CrmApp app, int clientId) =>
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == clientId && f.Status == FollowUpStatus.Open).Select(f => f.Id).SingleAsync());

    [Fact]
    public async Task A_manager_with_nothing_planned_sees_a_friendly_empty_state()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Recently called", lastContactDaysAgo: 10);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector("[data-testid=empty-state]").Should().NotBeNull();
        page.Text.Should().Contain("Nothing planned for today");
    }

    [Fact]
    public async Task A_new_manager_with_no_clients_is_told_where_clients_come_from_and_an_admin_where_to_import_them()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var page = await manager.GetPageAsync("/Today");
        var empty = page.Document.QuerySelector("[data-testid=empty-state]")!;
        empty.TextContent.Should().Contain("No clients yet").And.Contain("An administrator assigns clients to you").And.NotContain("caught up");
        empty.QuerySelector("a")!.GetAttribute("href").Should().Be("/Clients/Edit");

        var adminPage = await admin.GetPageAsync("/Today");
        adminPage.Document.QuerySelector("[data-testid=empty-state] a")!.GetAttribute("href").Should().Be("/Import");
    }

    [Fact]
    public async Task Today_lists_overdue_work_first_with_the_contact_ready_and_the_coming_days_below()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Due today", lastContactDaysAgo: 120);
        await TodaySeed.ClientAsync(app, managerId, "Long overdue", lastContactDaysAgo: 160, email: null);
        await TodaySeed.ClientAsync(app, managerId, "Snoozed", lastContactDaysAgo: 110);
        await TodaySeed.ClientAsync(app, otherId, "Not mine", lastContactDaysAgo: 160);
        await TodaySeed.RunCheckInsAsync(app);
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.Client!.Name == "Snoozed")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PlannedOn, app.Today.AddDays(3)).SetProperty(f => f.Status, FollowUpStatus.Snoozed)));
        // Planned on an earlier day and not done: missed, the only work called overdue.
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.Client!.Name == "Long overdue")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PlannedOn, app.Today.AddDays(-40))));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");

        var items = page.Document.QuerySelectorAll("[data-testid=today-list] [data-testid=follow-up]");
        items.Select(i => i.QuerySelector(".client-link")!.TextContent).Should().Equal("Long overdue", "Due today");
        items[0].QuerySelector("[data-testid=overdue]")!.TextContent.Should().Be("Overdue 40 days");
        items[0].QuerySelector("[data-testid=call]")!.GetAttribute("href").Should().Be("tel:+15550100");
        items[0].QuerySelector("[data-testid=email]").Should().BeNull();
        items[0].TextContent.Should().Contain("Last reached 160 days ago").And.Contain("Pat Long overdue");
        items[1].QuerySelector("[data-testid=email]")!.GetAttribute("href").Should().Be("mailto:contact@example.com");
        items[0].QuerySelector(".client-link")!.GetAttribute("href").Should().StartWith("/Clients/");
        page.Document.QuerySelector("[data-testid=upcoming]")!.TextContent.Should().Contain("Snoozed");
        page.Text.Should().NotContain("Not mine");
    }

    [Fact]
    public async Task A_row_is_compact_logs_a_reached_call_in_one_tap_and_opens_its_full_forms_on_demand()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, managerId, "Bravo", lastContactDaysAgo: 125);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");
        page.Document.QuerySelectorAll("[data-testid=item-panel]").Should().BeEmpty("rows stay compact until one is opened");
        page.Document.QuerySelectorAll("[data-testid=follow-up] textarea, [data-testid=follow-up] input[type=date]").Should().BeEmpty();
        var row = page.Document.QuerySelector($"[data-testid=follow-up][data-id='{id}']")!;
        row.QuerySelector("[data-testid=more]")!.GetAttribute("href").Should().Be($"/Today?open={id}#panel-{id}");

        var opened = await browser.GetPageAsync($"/Today?open={id}");
        opened.Document.QuerySelectorAll("[data-testid=item-panel]").Should().ContainSingle()
            .Which.Closest("[data-testid=follow-up]")!.GetAttribute("data-id").Should().Be(id.ToString());
        opened.Document.QuerySelectorAll("[data-testid=item-panel] form").Select(f => f.GetAttribute("action"))
            .Should().Equal($"/Today?handler=Done&id={id}", $"/Today?handler=Snooze&id={id}", $"/Today?handler=Dismiss&id={id}");

        // The one-tap form, posted as the browser would post it: its hidden channel and the button pressed.
        var quick = row.QuerySelector("[data-testid=quick-log]")!;
        var fields = quick.QuerySelectorAll("input[type=hidden]").Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value")!))
            .Append(new KeyValuePair<string, string>("done.Outcome", quick.QuerySelector("button[value=Reached]")!.GetAttribute("value")!));
        var result = await browser.PostFormAsync("/Today", fields, quick.GetAttribute("action"));

        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var (followUp, touch) = await app.WithDbAsync(async db => (
            await db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id),
            await db.Touchpoints.AsNoTracking().OrderByDescending(t => t.Id).FirstAsync()));
        followUp.Status.Should().Be(FollowUpStatus.Done);
        touch.ClientId.Should().Be(clientId);
        touch.Outcome.Should().Be(TouchpointOutcome.Reached);
        touch.Channel.Should().Be(Channel.Phone);
        touch.Direction.Should().Be(Direction.Outbound);
    }

    [Fact]
    public async Task Done_logs_the_touchpoint_closes_the_follow_up_and_moves_the_next_check_in()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var result = await browser.PostFormAsync("/Today", new Dictionary<string, string>
        {
            ["done.Channel"] = "Phone",
            ["done.Direction"] = "Outbound",
            ["done.Outcome"] = "Reached",
            ["done.Summary"] = "Talked about the spring order",
        }, $"/Today?handler=Done&id={id}");

        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var (followUp, touch, client) = await app.WithDbAsync(async db => (
            await db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id),
            await db.Touchpoints.AsNoTracking().OrderByDescending(t => t.Id).FirstAsync(),
            await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId)));
        followUp.Status.Should().Be(FollowUpStatus.Done);
        touch.ClientId.Should().Be(clientId);
        touch.UserId.Should().Be(managerId);
        touch.OccurredOn.Should().Be(app.Today);
        touch.Channel.Should().Be(Channel.Phone);
        touch.Summary.Should().Be("Talked about the spring order");
        touch.ContactId.Should().NotBeNull();
        client.LastContactOn.Should().Be(app.Today);
        client.NextCheckInOn.Should().Be(app.Today.AddDays(120));
        var page = await browser.GetPageAsync("/Today");
        page.Text.Should().Contain("Next check-in with Acme");
        page.Document.QuerySelector("[data-testid=empty-state]").Should().NotBeNull();
    }

    [Fact]
    public async Task A_check_in_closed_without_reaching_anyone_stays_open_and_comes_back_two_days_later()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        await browser.PostFormAsync("/Today", new Dictionary<string, string>
        {
            ["done.Channel"] = "Phone",
            ["done.Direction"] = "Outbound",
            ["done.Outcome"] = "NoAnswer",
        }, $"/Today?handler=Done&id={id}");

        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open))).Should().Be(0);
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync(t => t.ClientId == clientId && t.Outcome == TouchpointOutcome.NoAnswer))).Should().Be(1);
        await TodaySeed.RunCheckInsAsync(app);
        var again = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Status == FollowUpStatus.Snoozed));
        again.Id.Should().Be(id, "the same check-in waits for the next try");
        again.SnoozedUntil.Should().Be(app.Today.AddDays(2));
        again.DueOn.Should().Be(app.Today.AddDays(-10), "nobody was reached, so the cadence did not reset");
    }

    [Fact]
    public async Task Done_on_a_birthday_moves_the_open_check_in_as_well()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", 115, c => { c.Contacts[0].BirthdayDay = 17; c.Contacts[0].BirthdayMonth = 6; });
        await TodaySeed.RunOccasionsAsync(app);
        await TodaySeed.RunCheckInsAsync(app);
        var occasionId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.Kind == FollowUpKind.Occasion).Select(f => f.Id).SingleAsync());
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        await browser.PostFormAsync(TokenPage, new Dictionary<string, string>
        {
            ["done.Channel"] = "Letter",
            ["done.Direction"] = "Inbound",
            ["done.Outcome"] = "Other",
        }, $"/Today?handler=Done&id={occasionId}");

        var open = await app.WithDbAsync(db => db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == clientId && f.Status == FollowUpStatus.Open).ToListAsync());
        open.Should().BeEmpty("the birthday card reached them, so the check-in moved 120 days out");
    }

    [Fact]
    public async Task Snooze_moves_the_follow_up_off_today_until_the_chosen_day()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var invalid = await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["until"] = app.Today.ToString("yyyy-MM-dd") },
            $"/Today?handler=Snooze&id={id}");
        invalid.StatusCode.Should().Be(HttpStatusCode.OK);
        invalid.Errors.Should().Contain("Choose a day after today.");

        await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["until"] = app.Today.AddDays(4).ToString("yyyy-MM-dd") },
            $"/Today?handler=Snooze&id={id}");

        var followUp = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id));
        followUp.Status.Should().Be(FollowUpStatus.Snoozed);
        followUp.PlannedOn.Should().Be(app.Today.AddDays(4));
        await TodaySeed.RunCheckInsAsync(app);
        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id))).PlannedOn
            .Should().Be(app.Today.AddDays(4), "levelling keeps the snooze date as the earliest day");

        // A snooze to a Saturday lands on the next working day.
        await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["until"] = app.Today.AddDays(5).ToString("yyyy-MM-dd") },
            $"/Today?handler=Snooze&id={id}");
        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id))).PlannedOn.Should().Be(app.Today.AddDays(7));
    }

    [Fact]
    public async Task Dismiss_needs_a_reason()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var invalid = await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["reason"] = "  " }, $"/Today?handler=Dismiss&id={id}");
        invalid.Errors.Should().Contain("Say why this follow-up is dismissed.");
        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id))).Status.Should().Be(FollowUpStatus.Open);

        await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["reason"] = "Met them at the fair yesterday" }, $"/Today?handler=Dismiss&id={id}");

        var followUp = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id));
        followUp.Status.Should().Be(FollowUpStatus.Dismissed);
        followUp.ClosedReason.Should().Be("Met them at the fair yesterday");
        await TodaySeed.RunCheckInsAsync(app);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open))).Should().Be(0, "a dismissed check-in stays dismissed");
    }

    [Fact]
    public async Task A_manager_cannot_act_on_or_view_another_managers_follow_ups()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, otherId, "Tom's client", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var id = await CheckInIdAsync(app, clientId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var done = await browser.PostFormAsync(TokenPage, new Dictionary<string, string> { ["done.Channel"] = "Phone", ["done.Outcome"] = "Reached" },
            $"/Today?handler=Done&id={id}");
        var dismiss = await browser.PostFormAsync(TokenPage, new Dictionary<string, string> { ["reason"] = "Not mine" }, $"/Today?handler=Dismiss&id={id}");
        var snooze = await browser.PostFormAsync(TokenPage, new Dictionary<string, string> { ["until"] = "2026-07-01" }, $"/Today?handler=Snooze&id={id}");
        var reassign = await browser.PostFormAsync(TokenPage, new Dictionary<string, string> { ["assigneeId"] = managerId }, $"/Today?handler=Reassign&id={id}");
        var view = await browser.GetAsync($"/Today?user={otherId}");

        done.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        dismiss.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        snooze.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        reassign.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        view.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id))).Status.Should().Be(FollowUpStatus.Open);
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync(t => t.ClientId == clientId))).Should().Be(1);
    }

    [Fact]
    public async Task An_admin_views_a_managers_list_reassigns_and_runs_the_scheduling()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, otherId, "Tom's client", lastContactDaysAgo: 130);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var run = await admin.PostFormAsync("/Today", new Dictionary<string, string>(), "/Today?handler=RunScheduling");
        run.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.FollowUps.Select(f => f.Id).SingleAsync());

        var list = await admin.GetPageAsync($"/Today?user={otherId}");
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        list.Document.QuerySelectorAll("[data-testid=follow-up]").Should().ContainSingle();
        list.Text.Should().Contain("Today for Tom Baker");

        await admin.PostFormAsync("/Today", new Dictionary<string, string> { ["assigneeId"] = managerId }, $"/Today?handler=Reassign&id={id}&user={otherId}");

        (await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.Id == id))).AssigneeId.Should().Be(managerId);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetPageAsync("/Today")).Text.Should().Contain("Tom's client");
    }

    [Fact]
    public async Task A_manager_does_not_get_the_run_scheduling_button_nor_may_post_it()
    {
        using var app = new CrmApp();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");
        var run = await browser.PostFormAsync(TokenPage, new Dictionary<string, string>(), "/Today?handler=RunScheduling");

        page.Document.QuerySelector("[data-testid=run-scheduling]").Should().BeNull();
        run.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
