using System.Globalization;
using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>
/// The bulk actions that move clients along or put work off (stage, let go, disqualify, snooze, dismiss), taken from the
/// bars of Today, LYBUNT and Prospects through the one bulk service: permissions, "all that match", and undo.
/// </summary>
public sealed class BulkListActionTests
{
    private static readonly DateTimeOffset NineUtc = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Posts a bar of <paramref name="page"/> to the shared bulk page, the way the browser sends ticked boxes.</summary>
    private static Task<Page> BulkAsync(Browser browser, string page, string from, Dictionary<string, string> fields, string idField = "Bulk.Ids",
        params int[] ids)
    {
        var pairs = fields.ToList();
        pairs.Add(KeyValuePair.Create("From", from));
        pairs.Add(KeyValuePair.Create("ReturnUrl", page));
        pairs.AddRange(ids.Select(id => KeyValuePair.Create(idField, Id(id))));
        return browser.PostFormAsync(page, pairs, "/Clients/Bulk");
    }

    private static async Task<string> UndoTokenAsync(Browser browser, string page) =>
        (await browser.GetPageAsync(page)).Document.QuerySelector("[data-testid=bulk-undo] input[name=token]")!.GetAttribute("value")!;

    private static async Task<string> UndoAsync(Browser browser, string page, string token)
    {
        var result = await browser.PostFormAsync(page, new Dictionary<string, string> { ["token"] = token },
            "/Clients/Bulk?handler=Undo&returnUrl=" + Uri.EscapeDataString(page));
        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (await browser.GetPageAsync(page)).Document.QuerySelector("[role=status]")!.TextContent;
    }

    private static Task<List<(int Id, FollowUpStatus Status, DateOnly PlannedOn, DateOnly? SnoozedUntil, string? ClosedReason)>> FollowUpsAsync(CrmApp app) =>
        app.WithDbAsync(async db => (await db.FollowUps.AsNoTracking().OrderBy(f => f.Id)
                .Select(f => new { f.Id, f.Status, f.PlannedOn, f.SnoozedUntil, f.ClosedReason }).ToListAsync())
            .Select(f => (f.Id, f.Status, f.PlannedOn, f.SnoozedUntil, f.ClosedReason)).ToList());

    [Fact]
    public async Task Follow_ups_ticked_on_Today_are_snoozed_with_one_audit_entry_and_undo_puts_them_back_exactly()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, an, "Bravo", lastContactDaysAgo: 130);
        await TodaySeed.ClientAsync(app, an, "Charlie", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        var before = await FollowUpsAsync(app);
        before.Should().HaveCount(3);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var today = await browser.GetPageAsync("/Today");
        var boxes = today.Document.QuerySelectorAll("input[name='Bulk.FollowUpIds'][form=bulk-form]").Select(b => int.Parse(b.GetAttribute("value")!, CultureInfo.InvariantCulture)).ToList();
        boxes.Should().BeEquivalentTo(before.Select(f => f.Id), "every item on Today can be ticked");
        today.Document.QuerySelector("[data-select-page]").Should().NotBeNull();
        var until = app.Today.AddDays(20);

        var result = await BulkAsync(browser, "/Today", "Today", new()
        {
            ["Bulk.Action"] = "SnoozeFollowUps",
            ["Bulk.Until"] = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Bulk.Reason"] = "Trade fair week",
        }, "Bulk.FollowUpIds", boxes[0], boxes[1]);

        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        result.Response.Headers.Location!.ToString().Should().Be("/Today");
        var after = await FollowUpsAsync(app);
        after.Where(f => f.Id == boxes[0] || f.Id == boxes[1]).Should().OnlyContain(f => f.Status == FollowUpStatus.Snoozed && f.SnoozedUntil == until && f.PlannedOn >= until);
        after.Single(f => f.Id == boxes[2]).Should().Be(before.Single(f => f.Id == boxes[2]), "only the ticked items are snoozed");
        (await app.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == "clients.bulk").Select(e => e.Detail).ToListAsync()))
            .Should().ContainSingle().Which.Should().Contain("SnoozeFollowUps").And.Contain("count=2");

        (await UndoAsync(browser, "/Today", await UndoTokenAsync(browser, "/Today"))).Should().Contain("2 follow-ups");
        (await FollowUpsAsync(app)).Should().Equal(before);
    }

    [Fact]
    public async Task Undoing_a_dismissal_is_refused_by_name_when_one_follow_up_changed_since_and_nothing_is_half_undone()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var a = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 130);
        var b = await TodaySeed.ClientAsync(app, an, "Bravo", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);
        var ids = (await FollowUpsAsync(app)).Select(f => f.Id).ToArray();

        var empty = await BulkAsync(browser, "/Today", "Today", new() { ["Bulk.Action"] = "DismissFollowUps", ["Bulk.Reason"] = " " }, "Bulk.FollowUpIds", ids);
        empty.StatusCode.Should().Be(HttpStatusCode.OK);
        empty.Document.QuerySelector("[data-testid=bulk-error]")!.TextContent.Should().Contain("Say why");
        empty.Document.QuerySelectorAll("[data-testid=bulk-form] input[name='Bulk.FollowUpIds']").Should().HaveCount(2, "the ticked items are kept to correct the reason");

        await BulkAsync(browser, "/Today", "Today", new() { ["Bulk.Action"] = "DismissFollowUps", ["Bulk.Reason"] = "Moved abroad" }, "Bulk.FollowUpIds", ids);
        (await FollowUpsAsync(app)).Where(f => ids.Contains(f.Id)).Should().OnlyContain(f => f.Status == FollowUpStatus.Dismissed && f.ClosedReason == "Moved abroad");
        var token = await UndoTokenAsync(browser, "/Today");
        var bravosItem = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == b).Select(f => f.Id).SingleAsync());
        await app.WithDbAsync(db => db.FollowUps.Where(f => f.Id == bravosItem).ExecuteUpdateAsync(s => s.SetProperty(f => f.ClosedReason, "Gone for good")));
        var changed = await FollowUpsAsync(app);

        (await UndoAsync(browser, "/Today", token)).Should().Contain("Not undone").And.Contain("Bravo").And.NotContain("Acme");
        (await FollowUpsAsync(app)).Should().Equal(changed, "nothing is half undone");
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ClientId == a && f.Status == FollowUpStatus.Open))).Should().Be(0);
    }

    [Fact]
    public async Task A_manager_letting_go_from_LYBUNT_has_other_owners_clients_refused_by_name_and_undo_brings_the_win_back_back()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var mine = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 30, configure: c => c.RetentionFlag = RetentionFlag.Lybunt);
        var his = await TodaySeed.ClientAsync(app, tom, "Tom's Timber", lastContactDaysAgo: 30, configure: c => c.RetentionFlag = RetentionFlag.Lybunt);
        var winBack = await app.WithDbAsync(async db =>
        {
            var f = new FollowUp
            {
                ClientId = mine,
                AssigneeId = an,
                Kind = FollowUpKind.WinBack,
                DueOn = app.Today,
                PlannedOn = app.Today,
                SourceKey = "winback:test",
                CreatedAtUtc = DateTime.UtcNow,
                ReasonCode = "winback",
            };
            db.FollowUps.Add(f);
            await db.SaveChangesAsync();
            return f.Id;
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await browser.GetPageAsync("/Lybunt")).Document.QuerySelectorAll("input[name='Bulk.Ids'][form=bulk-form]").Should().HaveCount(2);
        var fields = new Dictionary<string, string> { ["Bulk.Action"] = "LetGo", ["Bulk.Reason"] = "Retired" };

        var confirm = await BulkAsync(browser, "/Lybunt", "Lybunt", fields, "Bulk.Ids", mine, his);
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        confirm.Document.QuerySelector("[data-testid=bulk-confirm]")!.TextContent.Should().Contain("Tom's Timber").And.NotContain("Acme");
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Status == ClientStatus.LetGo))).Should().Be(0, "nothing before the confirmation");

        fields["Bulk.LeaveOutRefused"] = "true";
        (await BulkAsync(browser, "/Lybunt", "Lybunt", fields, "Bulk.Ids", mine, his)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var clients = await app.WithDbAsync(db => db.Clients.ToDictionaryAsync(c => c.Id, c => new { c.Status, c.LetGoReason, c.LetGoOn }));
        clients[mine].Should().BeEquivalentTo(new { Status = ClientStatus.LetGo, LetGoReason = (string?)"Retired", LetGoOn = (DateOnly?)app.Today });
        clients[his].Status.Should().Be(ClientStatus.Client);
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync(f => f.Id == winBack))).Should().Match<FollowUp>(f =>
            f.Status == FollowUpStatus.Dismissed && f.ClosedReasonCode == Retention.LetGoReason);

        (await UndoAsync(browser, "/Lybunt", await UndoTokenAsync(browser, "/Lybunt"))).Should().Contain("Undone");
        var back = await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == mine));
        (back.Status, back.LetGoReason, back.LetGoOn).Should().Be((ClientStatus.Client, (string?)null, (DateOnly?)null));
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync(f => f.Id == winBack))).Should().Match<FollowUp>(f =>
            f.Status == FollowUpStatus.Open && f.ClosedReasonCode == null && f.ClosedAtUtc == null);
    }

    [Fact]
    public async Task All_that_match_on_LYBUNT_reaches_the_whole_list_beyond_its_first_page()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var count = Web.Features.Lybunt.IndexModel.PageSize + 5;
        for (var i = 0; i < count; i++)
            await TodaySeed.ClientAsync(app, an, $"Flagged {i:00}", configure: c => c.RetentionFlag = RetentionFlag.Lybunt);
        var notFlagged = await TodaySeed.ClientAsync(app, an, "Loyal");
        var toms = await TodaySeed.ClientAsync(app, tom, "Tom flagged", configure: c => c.RetentionFlag = RetentionFlag.Lybunt);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);
        (await browser.GetPageAsync("/Lybunt?owner=" + an)).Document.QuerySelectorAll("input[name='Bulk.Ids']").Should().HaveCount(Web.Features.Lybunt.IndexModel.PageSize);

        await BulkAsync(browser, "/Lybunt?owner=" + an, "Lybunt", new()
        {
            ["Bulk.All"] = "true",
            ["List"] = "lybunt",
            ["Owner"] = an,
            ["Bulk.Action"] = "SetCadence",
            ["Bulk.CadenceDays"] = "45",
        });

        var cadences = await app.WithDbAsync(db => db.Clients.ToDictionaryAsync(c => c.Id, c => c.CadenceDays));
        cadences.Count(c => c.Value == 45).Should().Be(count, "every flagged client of An, not only the first page");
        cadences[notFlagged].Should().NotBe(45);
        cadences[toms].Should().NotBe(45);
    }

    [Fact]
    public async Task Prospects_ticked_on_the_board_move_stage_or_are_disqualified_and_each_undoes()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var p1 = await TodaySeed.ClientAsync(app, an, "Prospect one", configure: c => { c.Status = ClientStatus.Prospect; c.Stage = LifecycleStage.Aware; });
        var p2 = await TodaySeed.ClientAsync(app, an, "Prospect two", configure: c => { c.Status = ClientStatus.Prospect; c.Stage = LifecycleStage.Interested; });
        var his = await TodaySeed.ClientAsync(app, tom, "Tom's prospect", configure: c => { c.Status = ClientStatus.Prospect; c.Stage = LifecycleStage.Aware; });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var board = await browser.GetPageAsync("/Prospects?scope=all");
        board.Document.QuerySelectorAll("input[name='Bulk.Ids'][form=bulk-form]").Select(b => b.GetAttribute("value")).Should().BeEquivalentTo([Id(p1), Id(p2)],
            "a manager ticks only prospects they may change");

        var refused = await BulkAsync(browser, "/Prospects?scope=all", "Prospects", new() { ["Bulk.Action"] = "SetStage", ["Bulk.Stage"] = "Considering" }, "Bulk.Ids", p1, his);
        refused.Document.QuerySelector("[data-testid=bulk-confirm]")!.TextContent.Should().Contain("Tom's prospect");

        await BulkAsync(browser, "/Prospects?scope=all", "Prospects", new() { ["Bulk.Action"] = "SetStage", ["Bulk.Stage"] = "Considering" }, "Bulk.Ids", p1, p2);
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == p1 || c.Id == p2).Select(c => c.Stage).ToListAsync())).Should().OnlyContain(s => s == LifecycleStage.Considering);
        (await app.WithDbAsync(db => db.StageChanges.CountAsync(s => s.To == LifecycleStage.Considering))).Should().Be(2, "each move is on the timeline and in the funnel");
        await UndoAsync(browser, "/Prospects?scope=all", await UndoTokenAsync(browser, "/Prospects?scope=all"));
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == p1 || c.Id == p2).OrderBy(c => c.Id).Select(c => c.Stage).ToListAsync()))
            .Should().Equal(LifecycleStage.Aware, LifecycleStage.Interested);
        (await app.WithDbAsync(db => db.StageChanges.CountAsync())).Should().Be(0);

        var other = await BulkAsync(browser, "/Prospects?scope=all", "Prospects", new() { ["Bulk.Action"] = "Disqualify", ["Bulk.Why"] = "Other" }, "Bulk.Ids", p1, p2);
        other.Document.QuerySelector("[data-testid=bulk-error]")!.TextContent.Should().Contain("note");
        await BulkAsync(browser, "/Prospects?scope=all", "Prospects", new() { ["Bulk.Action"] = "Disqualify", ["Bulk.Why"] = "TooCostly" }, "Bulk.Ids", p1, p2);
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Status == ClientStatus.Disqualified))).Should().Be(2);
        (await app.WithDbAsync(db => db.ProspectReviews.CountAsync(r => r.Decision == ReviewDecision.Disqualify && r.Reason == DisqualifyReason.TooCostly))).Should().Be(2);
        (await UndoAsync(browser, "/Prospects?scope=all", await UndoTokenAsync(browser, "/Prospects?scope=all"))).Should().Contain("Undone");
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.Status == ClientStatus.Prospect))).Should().Be(3);
        (await app.WithDbAsync(db => db.ProspectReviews.CountAsync())).Should().Be(0);
    }
}
