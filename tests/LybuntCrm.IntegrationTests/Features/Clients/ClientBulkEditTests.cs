using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>Bulk actions on the client list: set-based, one audit entry, permissions, and undo.</summary>
public sealed class ClientBulkEditTests
{
    private static readonly DateTimeOffset NineUtc = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    private static async Task<Page> BulkAsync(Browser browser, Dictionary<string, string> fields, params int[] ids)
    {
        var pairs = fields.ToList();
        pairs.AddRange(ids.Select(id => KeyValuePair.Create("Bulk.Ids", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return await browser.PostFormAsync("/Clients", pairs, "/Clients?handler=Bulk");
    }

    /// <summary>The Undo token of the bulk action just taken, from the list it leads back to.</summary>
    private static async Task<string> UndoTokenAsync(Browser browser)
    {
        var page = await browser.GetPageAsync("/Clients");
        return page.Document.QuerySelector("[data-testid=bulk-undo] input[name=token]")!.GetAttribute("value")!;
    }

    private static async Task<string> UndoAsync(Browser browser, string token)
    {
        var result = await browser.PostFormAsync("/Clients", new Dictionary<string, string> { ["token"] = token }, "/Clients?handler=BulkUndo");
        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return (await browser.GetPageAsync("/Clients")).Document.QuerySelector("[role=status]")!.TextContent;
    }

    private static Task<List<(int Id, int Cadence, bool DoNotContact, string? Reason, string OwnerId)>> ClientsAsync(CrmApp app) =>
        app.WithDbAsync(async db => (await db.Clients.AsNoTracking().OrderBy(c => c.Id)
                .Select(c => new { c.Id, c.CadenceDays, c.DoNotContact, c.DoNotContactReason, c.OwnerId }).ToListAsync())
            .Select(c => (c.Id, c.CadenceDays, c.DoNotContact, c.DoNotContactReason, c.OwnerId)).ToList());

    [Fact]
    public async Task Setting_the_cadence_of_ticked_clients_is_one_audited_change_that_undo_puts_back_client_by_client()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var a = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 100, configure: c => c.CadenceDays = 90);
        var b = await TodaySeed.ClientAsync(app, an, "Bravo", lastContactDaysAgo: 100, configure: c => c.CadenceDays = 180);
        var untouched = await TodaySeed.ClientAsync(app, an, "Charlie", lastContactDaysAgo: 100);
        await TodaySeed.RunCheckInsAsync(app);
        var before = await ClientsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);

        var result = await BulkAsync(browser, new() { ["Bulk.Action"] = "SetCadence", ["Bulk.CadenceDays"] = "60" }, a, b);

        result.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var after = await ClientsAsync(app);
        after.Where(c => c.Id == a || c.Id == b).Should().OnlyContain(c => c.Cadence == 60);
        after.Single(c => c.Id == untouched).Should().Be(before.Single(c => c.Id == untouched));
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a).Select(c => c.NextCheckInOn).SingleAsync()))
            .Should().Be(app.Today.AddDays(-40), "the pipeline moved the next check-in at once");
        var audit = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.Action == "clients.bulk").ToListAsync());
        audit.Should().ContainSingle().Which.Detail.Should().Contain("count=2");

        (await UndoAsync(browser, await UndoTokenAsync(browser))).Should().Contain("2");
        (await ClientsAsync(app)).Should().Equal(before);
        (await app.WithDbAsync(db => db.Clients.Where(c => c.Id == a).Select(c => c.NextCheckInOn).SingleAsync())).Should().Be(app.Today.AddDays(-10));
    }

    [Fact]
    public async Task All_matching_reaches_beyond_the_page_and_do_not_contact_closes_their_work_until_undone()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        for (var i = 0; i < 30; i++) await TodaySeed.ClientAsync(app, an, $"An client {i:00}", lastContactDaysAgo: 130);
        var toms = await TodaySeed.ClientAsync(app, tom, "Tom client", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);

        await BulkAsync(browser, new() { ["Bulk.All"] = "true", ["owner"] = an, ["Bulk.Action"] = "DoNotContact", ["Bulk.Reason"] = "Closed their shop" });

        var clients = await ClientsAsync(app);
        clients.Where(c => c.OwnerId == an).Should().HaveCount(30).And.OnlyContain(c => c.DoNotContact && c.Reason == "Closed their shop");
        clients.Single(c => c.Id == toms).DoNotContact.Should().BeFalse("the filter chose An's clients only");
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.AssigneeId == an && f.Status == FollowUpStatus.Open)))
            .Should().Be(0, "nobody is asked to call a client who must not be contacted");

        await UndoAsync(browser, await UndoTokenAsync(browser));
        (await ClientsAsync(app)).Where(c => c.OwnerId == an).Should().OnlyContain(c => !c.DoNotContact && c.Reason == null);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.AssigneeId == an && f.Status == FollowUpStatus.Open))).Should().Be(30);
    }

    [Fact]
    public async Task A_manager_is_told_which_selected_clients_are_not_theirs_and_they_are_left_out_only_when_confirmed()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var mine = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 10);
        var his = await TodaySeed.ClientAsync(app, tom, "Tom's Timber", lastContactDaysAgo: 10);
        var before = await ClientsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await BulkAsync(browser, new() { ["Bulk.Action"] = "SetChannel", ["Bulk.Channel"] = "Zalo" }, mine, his);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector("[data-testid=bulk-confirm]")!.TextContent.Should().Contain("Tom's Timber").And.NotContain("Acme");
        (await ClientsAsync(app)).Should().Equal(before, "nothing changes before the user confirms");
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.PreferredChannel == Channel.Zalo))).Should().Be(0);

        await BulkAsync(browser, new() { ["Bulk.Action"] = "SetChannel", ["Bulk.Channel"] = "Zalo", ["Bulk.LeaveOutRefused"] = "true" }, mine, his);
        var channels = await app.WithDbAsync(db => db.Clients.ToDictionaryAsync(c => c.Id, c => c.PreferredChannel));
        channels[mine].Should().Be(Channel.Zalo);
        channels[his].Should().Be(Channel.Phone);

        var invalid = await BulkAsync(browser, new() { ["Bulk.Action"] = "SetCadence", ["Bulk.CadenceDays"] = "5" }, mine);
        invalid.Document.QuerySelector("[data-testid=bulk-error]")!.TextContent.Should().Contain("between 7 and 730");
    }

    [Fact]
    public async Task Undo_is_refused_when_a_client_changed_since_or_after_ten_minutes_and_changes_nothing()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var a = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 10);
        var b = await TodaySeed.ClientAsync(app, an, "Bravo", lastContactDaysAgo: 10);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);
        await BulkAsync(browser, new() { ["Bulk.Action"] = "SetCadence", ["Bulk.CadenceDays"] = "60" }, a, b);
        var token = await UndoTokenAsync(browser);
        await app.WithDbAsync(db => db.Clients.Where(c => c.Id == b).ExecuteUpdateAsync(s => s.SetProperty(c => c.CadenceDays, 45)));
        var changed = await ClientsAsync(app);

        (await UndoAsync(browser, token)).Should().Contain("Not undone").And.Contain("Bravo").And.NotContain("Acme");
        (await ClientsAsync(app)).Should().Equal(changed, "nothing is half undone");

        await app.WithDbAsync(db => db.Clients.Where(c => c.Id == b).ExecuteUpdateAsync(s => s.SetProperty(c => c.CadenceDays, 60)));
        app.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        (await UndoAsync(browser, token)).Should().Contain("Too late");
        (await ClientsAsync(app)).Should().OnlyContain(c => c.Cadence == 60);
    }

    [Fact]
    public async Task Bulk_reassign_writes_a_hand_off_for_each_client_moves_their_work_and_undo_takes_it_all_back()
    {
        using var app = new EmailApp(NineUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var a = await TodaySeed.ClientAsync(app, an, "Acme", lastContactDaysAgo: 130);
        var b = await TodaySeed.ClientAsync(app, an, "Bravo", lastContactDaysAgo: 130);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);

        var refused = await BulkAsync(browser, new() { ["Bulk.Action"] = "Reassign", ["Bulk.ToUserId"] = tom, ["Bulk.Note"] = "short" }, a, b);
        refused.Document.QuerySelector("[data-testid=bulk-error]")!.TextContent.Should().Contain("at least");

        await BulkAsync(browser, new() { ["Bulk.Action"] = "Reassign", ["Bulk.ToUserId"] = tom, ["Bulk.Note"] = "Both want a call before the spring order." }, a, b);
        (await ClientsAsync(app)).Should().OnlyContain(c => c.OwnerId == tom);
        (await app.WithDbAsync(db => db.Handoffs.CountAsync(h => h.ToUserId == tom))).Should().Be(2);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open && f.AssigneeId == tom))).Should().Be(2);

        (await UndoAsync(browser, await UndoTokenAsync(browser))).Should().Contain("Undone");
        (await ClientsAsync(app)).Should().OnlyContain(c => c.OwnerId == an);
        (await app.WithDbAsync(db => db.Handoffs.CountAsync())).Should().Be(0);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open && f.AssigneeId == an))).Should().Be(2);
    }
}
