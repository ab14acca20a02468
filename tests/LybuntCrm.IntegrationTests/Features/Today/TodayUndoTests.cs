using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

/// <summary>Undo after Done, Snooze and Dismiss on Today: the client's work comes back exactly, or nothing changes.</summary>
public sealed class TodayUndoTests
{
    private static readonly DateTimeOffset NineUtc = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    private sealed record Snapshot(string FollowUps, int Touches, DateOnly? LastContactOn, DateOnly? NextCheckInOn, LifecycleStage Stage);

    /// <summary>Everything an action on the client's follow-up could change, as text that compares whole.</summary>
    private static Task<Snapshot> SnapshotAsync(CrmApp app, int clientId) => app.WithDbAsync(async db =>
    {
        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.ClientId == clientId).OrderBy(f => f.Id)
            .Select(f => $"{f.Id}|{f.Kind}|{f.Status}|{f.PlannedOn}|{f.DueOn}|{f.SnoozedUntil}|{f.ClosedReason}|{f.ClosedReasonCode}|{f.ClosedAtUtc}|{f.SourceKey}|{f.AssigneeId}")
            .ToListAsync();
        var client = await db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId);
        return new Snapshot(string.Join("\n", followUps), await db.Touchpoints.CountAsync(t => t.ClientId == clientId),
            client.LastContactOn, client.NextCheckInOn, client.Stage);
    });

    private static async Task<(EmailApp App, string ManagerId, int ClientId, int FollowUpId, Browser Browser)> SetUpAsync(bool lybunt = false)
    {
        var app = new EmailApp(NineUtc);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Acme Florists", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var followUpId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == clientId && f.Status == FollowUpStatus.Open).Select(f => f.Id).SingleAsync());
        return (app, managerId, clientId, followUpId, await app.SignedInAsync(CrmApp.ManagerEmail));
    }

    /// <summary>Posts an action on Today and returns the Undo form's token shown on the page it leads back to.</summary>
    private static async Task<string> ActAsync(Browser browser, string handler, int id, Dictionary<string, string> fields)
    {
        var result = await browser.PostFormAsync("/Today", fields, $"/Today?handler={handler}&id={id}");
        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var page = await browser.GetPageAsync("/Today");
        var form = page.Document.QuerySelector("[data-testid=undo]");
        form.Should().NotBeNull("the Undo button follows the action");
        form!.GetAttribute("data-undo-seconds").Should().Be("10");
        (await browser.GetPageAsync("/Today")).Document.QuerySelector("[data-testid=undo]").Should().BeNull("it is shown once, beside the message");
        return form.QuerySelector("input[name=token]")!.GetAttribute("value")!;
    }

    private static async Task<string> UndoAsync(Browser browser, string token)
    {
        var result = await browser.PostFormAsync("/Today", new Dictionary<string, string> { ["token"] = token }, "/Today?handler=Undo");
        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (await browser.GetPageAsync("/Today")).Document.QuerySelector("[role=status]")!.TextContent;
    }

    private static readonly Dictionary<string, string> Reached = new()
    {
        ["done.Channel"] = "Phone",
        ["done.Direction"] = "Outbound",
        ["done.Outcome"] = "Reached",
        ["done.Summary"] = "Spring order",
    };

    [Fact]
    public async Task Undo_after_done_removes_the_touch_and_puts_the_check_in_and_the_facts_back_exactly()
    {
        var (app, _, clientId, followUpId, browser) = await SetUpAsync();
        using (app)
        using (browser)
        {
            var before = await SnapshotAsync(app, clientId);
            var token = await ActAsync(browser, "Done", followUpId, Reached);
            var after = await SnapshotAsync(app, clientId);
            after.Should().NotBe(before);
            after.Touches.Should().Be(before.Touches + 1);

            var message = await UndoAsync(browser, token);

            message.Should().Contain("Undone");
            (await SnapshotAsync(app, clientId)).Should().Be(before);
            (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "followup.undone"))).Should().Be(1);
            (await UndoAsync(browser, token)).Should().Contain("already undone");
            (await SnapshotAsync(app, clientId)).Should().Be(before);
        }
    }

    [Fact]
    public async Task Undo_after_snooze_and_after_dismiss_puts_the_follow_up_back_exactly()
    {
        var (app, _, clientId, followUpId, browser) = await SetUpAsync();
        using (app)
        using (browser)
        {
            var before = await SnapshotAsync(app, clientId);
            var snoozed = await ActAsync(browser, "Snooze", followUpId, new() { ["until"] = app.Today.AddDays(5).ToString("yyyy-MM-dd") });
            (await SnapshotAsync(app, clientId)).Should().NotBe(before);
            (await UndoAsync(browser, snoozed)).Should().Contain("Undone");
            (await SnapshotAsync(app, clientId)).Should().Be(before);

            var dismissed = await ActAsync(browser, "Dismiss", followUpId, new() { ["reason"] = "Moved abroad" });
            (await SnapshotAsync(app, clientId)).Should().NotBe(before);
            (await UndoAsync(browser, dismissed)).Should().Contain("Undone");
            (await SnapshotAsync(app, clientId)).Should().Be(before);
        }
    }

    [Fact]
    public async Task Undo_after_another_change_to_the_client_is_refused_and_changes_nothing()
    {
        var (app, managerId, clientId, followUpId, browser) = await SetUpAsync();
        using (app)
        using (browser)
        {
            var token = await ActAsync(browser, "Done", followUpId, Reached);
            // Someone logs another touch on the client page meanwhile.
            var form = await browser.PostFormAsync($"/Clients/{clientId}/Touchpoints/New", new Dictionary<string, string>
            {
                ["Input.OccurredOn"] = app.Today.ToString("yyyy-MM-dd"),
                ["Input.Channel"] = "Email",
                ["Input.Direction"] = "Inbound",
                ["Input.Outcome"] = "Reached",
                ["Input.Summary"] = "They wrote back",
            });
            form.StatusCode.Should().Be(HttpStatusCode.Redirect);
            var changed = await SnapshotAsync(app, clientId);

            (await UndoAsync(browser, token)).Should().Contain("Not undone").And.Contain("changed since");

            (await SnapshotAsync(app, clientId)).Should().Be(changed, "nothing is half undone");
            managerId.Should().NotBeNull();
        }
    }

    [Fact]
    public async Task Undo_after_ten_minutes_or_by_another_manager_is_refused()
    {
        var (app, _, clientId, followUpId, browser) = await SetUpAsync();
        using (app)
        using (browser)
        {
            var token = await ActAsync(browser, "Done", followUpId, Reached);
            var after = await SnapshotAsync(app, clientId);

            using (var tom = await app.SignedInAsync(CrmApp.OtherManagerEmail))
                (await UndoAsync(tom, token)).Should().Contain("nothing to undo");
            (await SnapshotAsync(app, clientId)).Should().Be(after);

            app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
            (await UndoAsync(browser, token)).Should().Contain("Too late");
            (await SnapshotAsync(app, clientId)).Should().Be(after);
        }
    }

    [Fact]
    public async Task The_clients_timeline_offers_undo_for_the_touch_while_it_can_be_undone()
    {
        var (app, _, clientId, followUpId, browser) = await SetUpAsync();
        using (app)
        using (browser)
        {
            var before = await SnapshotAsync(app, clientId);
            await ActAsync(browser, "Done", followUpId, Reached);
            var page = await browser.GetPageAsync($"/Clients/{clientId}");
            var undo = page.Document.QuerySelectorAll("[data-testid=undo-touch]").Should().ContainSingle().Subject;
            var token = undo.QuerySelector("input[name=token]")!.GetAttribute("value")!;

            var result = await browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string> { ["token"] = token }, $"/Clients/{clientId}?handler=Undo");
            result.StatusCode.Should().Be(HttpStatusCode.Redirect);
            (await SnapshotAsync(app, clientId)).Should().Be(before);
            (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=undo-touch]").Should().BeNull();
        }
    }
}
