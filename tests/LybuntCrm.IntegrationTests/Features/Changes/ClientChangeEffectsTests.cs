using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Handoffs;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Changes;

/// <summary>Every change to a client takes effect at once, from every entry point: the defects Today could not be trusted for.</summary>
public sealed class ClientChangeEffectsTests
{
    // Tuesday 1 December 2026.
    private static readonly DateOnly Tuesday = new(2026, 12, 1);

    private static Task<List<FollowUp>> OpenItemsAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)).ToListAsync());

    private static Task SetCapacityAsync(CrmApp app, string userId, int capacity) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DailyCapacity, capacity)));

    [Fact]
    public async Task A_touch_logged_on_the_client_page_takes_the_client_off_today_at_once()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Harbour Lights", lastContactDaysAgo: 400);
        await TodaySeed.RunCheckInsAsync(app);
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.CheckIn);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var posted = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-12-01",
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "Reached",
        });

        posted.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await OpenItemsAsync(app, clientId)).Should().BeEmpty("the check-in was done by the touch");
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        client.NextCheckInOn.Should().Be(Tuesday.AddDays(120));
        var today = await browser.GetPageAsync("/Today");
        today.Document.QuerySelector("[data-testid=today-list]")?.TextContent.Should().NotContain("Harbour Lights");
        today.Text.Should().NotContain("Overdue");
    }

    [Fact]
    public async Task An_unanswered_call_keeps_the_check_in_and_brings_it_back_two_days_later()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Northwind", lastContactDaysAgo: 121);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
        {
            ["Input.OccurredOn"] = "2026-12-01",
            ["Input.Channel"] = "Phone",
            ["Input.Direction"] = "Outbound",
            ["Input.Outcome"] = "NoAnswer",
        });

        var item = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        item.Kind.Should().Be(FollowUpKind.CheckIn);
        item.SnoozedUntil.Should().Be(Tuesday.AddDays(2));
        item.PlannedOn.Should().Be(Tuesday.AddDays(2));
    }

    [Fact]
    public async Task An_owner_change_moves_the_open_check_in_to_the_new_owner_planned_in_the_new_owners_days()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Oak & Ash", lastContactDaysAgo: 125);
        await TodaySeed.RunCheckInsAsync(app);
        // The old owner missed it: planned on an earlier day, still open.
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PlannedOn, Tuesday.AddDays(-6))));
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == otherId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.WorkingDays, WorkWeek.Of(DayOfWeek.Thursday).Mask)));

        var result = await app.WithServicesAsync(sp => sp.GetRequiredService<ClientTransfer>().TransferAsync(
            sp.GetRequiredService<CrmDbContext>().Clients.Where(c => c.Id == clientId), otherId,
            "Moving to Tom who covers the harbour area; prefers calls in the morning.", AdminPrincipal(app)));

        result.Succeeded.Should().BeTrue();
        var item = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        item.AssigneeId.Should().Be(otherId);
        item.PlannedOn.Should().Be(new DateOnly(2026, 12, 3), "the new owner works on Thursdays only");
    }

    [Fact]
    public async Task A_win_back_supersedes_the_check_in_and_a_touch_is_an_attempt_that_keeps_it_open()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Bluebird Weddings", lastContactDaysAgo: 130, configure: c =>
            c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 5, 10), Amount = 4200m, Currency = "USD", CreatedAtUtc = DateTime.UtcNow }));
        await TodaySeed.RunCheckInsAsync(app);
        await app.WithServicesAsync(sp => sp.GetRequiredService<LybuntFlagJob>().FlagAsync(CancellationToken.None));

        var item = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        item.Kind.Should().Be(FollowUpKind.WinBack);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        await browser.PostFormAsync("/Today", new Dictionary<string, string>
        {
            ["done.Channel"] = "Phone",
            ["done.Direction"] = "Outbound",
            ["done.Outcome"] = "Reached",
        }, $"/Today?handler=Done&id={item.Id}");

        var after = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        after.Id.Should().Be(item.Id, "a touch is an attempt; the win-back closes when the client buys again or is let go");
        after.DueOn.Should().Be(Tuesday.AddDays(14));
    }

    [Fact]
    public async Task A_purchase_recovers_a_lybunt_client_at_once_and_its_check_ins_resume()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Maple Catering", lastContactDaysAgo: 30, configure: c =>
            c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 900m, Currency = "USD", CreatedAtUtc = DateTime.UtcNow }));
        await app.WithServicesAsync(sp => sp.GetRequiredService<LybuntFlagJob>().FlagAsync(CancellationToken.None));
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.WinBack);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        await browser.PostFormAsync($"/Clients/{clientId}/Purchases/New", new Dictionary<string, string>
        {
            ["Input.Date"] = "2026-11-30",
            ["Input.Amount"] = "1200",
            ["Input.Currency"] = "USD",
            ["Input.Status"] = "Completed",
        });

        (await OpenItemsAsync(app, clientId)).Should().BeEmpty();
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        client.RetentionFlag.Should().Be(RetentionFlag.None);
        client.RecoveredOn.Should().Be(new DateOnly(2026, 11, 30));
        var winBack = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.ClientId == clientId && f.Kind == FollowUpKind.WinBack));
        winBack.Status.Should().Be(FollowUpStatus.Done);
        winBack.ClosedReasonCode.Should().Be(Retention.RecoveredReason);
    }

    [Fact]
    public async Task A_birthday_is_planned_on_a_working_day_before_its_date_even_when_the_days_are_full()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await SetCapacityAsync(app, managerId, 1);
        for (var i = 0; i < 6; i++) await TodaySeed.ClientAsync(app, managerId, $"Backlog {i}", lastContactDaysAgo: 200 + i);
        // Saturday 5 December.
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Kingfisher Travel", lastContactDaysAgo: 10, configure: c =>
            c.Contacts[0].BirthdayDay = 5);
        await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.BirthdayMonth, 12).SetProperty(c => c.BirthdayDay, 5)));
        await TodaySeed.RunCheckInsAsync(app);
        await TodaySeed.RunOccasionsAsync(app);

        var birthday = (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.Occasion).Subject;
        birthday.PlannedOn.Should().Be(new DateOnly(2026, 12, 4), "the last working day on or before Saturday 5 December");
        var planned = await app.WithDbAsync(db => db.FollowUps.AsNoTracking()
            .Where(f => f.AssigneeId == managerId && f.Status == FollowUpStatus.Open).Select(f => f.PlannedOn).ToListAsync());
        planned.Should().OnlyContain(d => d.DayOfWeek != DayOfWeek.Saturday && d.DayOfWeek != DayOfWeek.Sunday);
    }

    [Fact]
    public async Task Win_backs_come_before_routine_check_ins_and_a_persian_profile_works_saturday_to_wednesday()
    {
        using var app = new CrmApp(new DateOnly(2026, 12, 3)); // a Thursday: a day off in Iran
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await SetCapacityAsync(app, managerId, 1);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.WorkingDays, WorkWeek.SaturdayToWednesday.Mask)));
        var checkIn = await TodaySeed.ClientAsync(app, managerId, "Routine", lastContactDaysAgo: 300);
        var lapsed = await TodaySeed.ClientAsync(app, managerId, "Lapsed", lastContactDaysAgo: 20, configure: c =>
            c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 6, 1), Amount = 8000m, Currency = "USD", CreatedAtUtc = DateTime.UtcNow }));
        await app.WithServicesAsync(sp => sp.GetRequiredService<LybuntFlagJob>().FlagAsync(CancellationToken.None));
        await TodaySeed.RunCheckInsAsync(app);

        var winBack = (await OpenItemsAsync(app, lapsed)).Should().ContainSingle().Subject;
        var routine = (await OpenItemsAsync(app, checkIn)).Should().ContainSingle().Subject;
        winBack.PlannedOn.Should().Be(new DateOnly(2026, 12, 5), "Saturday is the next working day");
        routine.PlannedOn.Should().Be(new DateOnly(2026, 12, 6), "the win-back takes the first slot");
    }

    [Fact]
    public async Task Dates_outside_the_current_year_show_the_year_and_a_backlog_is_a_catch_up_plan_not_overdue()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await SetCapacityAsync(app, managerId, 2);
        // Created years ago, contacted 11 months before it was due: due 8 January 2026.
        for (var i = 0; i < 9; i++) await TodaySeed.ClientAsync(app, managerId, $"Backlog {i}", lastContactDaysAgo: 447 + i);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");

        page.Text.Should().NotContain("Overdue");
        page.Document.QuerySelector("[data-testid=catch-up]")!.TextContent.Should().Contain("Catch-up: 9 clients, cleared by 7 Dec");
        page.Document.QuerySelectorAll("[data-testid=upcoming] [data-testid=due]").Select(d => d.TextContent)
            .Should().OnlyContain(d => d.EndsWith("2026") || d.EndsWith("2025"));
    }

    private static System.Security.Claims.ClaimsPrincipal AdminPrincipal(CrmApp app) => new(new System.Security.Claims.ClaimsIdentity(
    [
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Admin),
        new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, CrmApp.AdminEmail),
    ], "test"));
}
