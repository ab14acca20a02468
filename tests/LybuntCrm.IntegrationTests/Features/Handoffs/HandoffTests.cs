using System.Net;
using LybuntCrm.IntegrationTests.Features.Prospects;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Handoffs;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Handoffs;

public sealed class HandoffTests
{
    private const string Note = "Promised a 10% discount on the autumn order. Prefers calls after 3pm. Anniversary 12 Oct.";

    private static async Task<int> AddClientAsync(CrmApp app, string ownerId, string name)
    {
        var id = await app.AddProspectAsync(ownerId, name, configure: c => { c.Status = ClientStatus.Client; c.Stage = LifecycleStage.Loyal; });
        await app.AddFollowUpAsync(id, ownerId, FollowUpKind.CheckIn, $"checkin:{id}:1");
        return id;
    }

    [Fact]
    public async Task Changing_the_owner_without_a_hand_off_note_is_refused_and_nothing_changes()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var id = await AddClientAsync(app, an, "Harbour Lights Hotel");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync($"/Handoffs/Transfer/{id}", new Dictionary<string, string> { ["Input.ToUserId"] = tom, ["Input.Note"] = "   " });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Write a hand-off note: what was promised, preferences, key dates and the preferred channel.");
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).OwnerId.Should().Be(an);
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync())).AssigneeId.Should().Be(an);
        (await app.WithDbAsync(db => db.Handoffs.CountAsync())).Should().Be(0);
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "client.owner_changed"))).Should().Be(0);
    }

    [Fact]
    public async Task Owner_hands_a_client_over_and_the_new_owner_sees_the_note_until_acknowledged()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var id = await AddClientAsync(app, an, "Harbour Lights Hotel");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var done = await browser.PostFormAsync($"/Handoffs/Transfer/{id}", new Dictionary<string, string> { ["Input.ToUserId"] = tom, ["Input.Note"] = Note });

        done.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", done.Errors));
        done.Location.Should().Be($"/Clients/{id}");
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).OwnerId.Should().Be(tom);
        (await app.WithDbAsync(db => db.FollowUps.SingleAsync())).AssigneeId.Should().Be(tom, "open follow-ups go with the client");
        var handoff = await app.WithDbAsync(db => db.Handoffs.SingleAsync());
        (handoff.FromUserId, handoff.ToUserId, handoff.Note).Should().Be((an, tom, Note));
        (await app.WithDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "client.owner_changed"))).EntityId.Should().Be(id.ToString());

        var pending = await app.WithDbAsync(db => PendingHandoffs.ForUser(db, tom).ToListAsync());
        pending.Should().ContainSingle().Which.Should().Match<PendingHandoff>(p => p.ClientName == "Harbour Lights Hotel" && p.FromName == "An Nguyen" && p.Note == Note);

        // Only the new owner acknowledges.
        var token = (await browser.GetPageAsync("/Prospects")).AntiforgeryToken;
        (await browser.PostAsync("/Handoffs/Acknowledge", new Dictionary<string, string> { ["id"] = handoff.Id.ToString() }, token))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var tomBrowser = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        var today = await tomBrowser.GetPageAsync("/Today");
        today.Document.QuerySelector("[data-testid=pending-handoffs]")!.TextContent.Should().Contain("Harbour Lights Hotel").And.Contain("An Nguyen");
        var tomToken = today.AntiforgeryToken;
        var ack = await tomBrowser.PostAsync("/Handoffs/Acknowledge", new Dictionary<string, string> { ["id"] = handoff.Id.ToString(), ["returnUrl"] = "/Today" }, tomToken);
        ack.StatusCode.Should().Be(HttpStatusCode.Redirect);
        ack.Location.Should().Be("/Today");
        (await app.WithDbAsync(db => PendingHandoffs.ForUser(db, tom).CountAsync())).Should().Be(0);
        (await tomBrowser.GetPageAsync("/Today")).Document.QuerySelector("[data-testid=pending-handoffs]").Should().BeNull();
        (await app.WithDbAsync(db => db.Handoffs.SingleAsync())).AcknowledgedAtUtc.Should().NotBeNull("the note stays, acknowledged");
    }

    [Fact]
    public async Task A_manager_cannot_hand_over_someone_elses_client()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var id = await AddClientAsync(app, an, "Harbour Lights Hotel");
        using var browser = await app.SignedInAsync(CrmApp.OtherManagerEmail);

        (await browser.GetAsync($"/Handoffs/Transfer/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var token = (await browser.GetPageAsync("/Prospects")).AntiforgeryToken;
        var post = await browser.PostAsync($"/Handoffs/Transfer/{id}", new Dictionary<string, string> { ["Input.ToUserId"] = tom, ["Input.Note"] = Note }, token);
        post.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == id))).OwnerId.Should().Be(an);
    }

    [Fact]
    public async Task Admin_reassigns_all_clients_of_a_leaving_manager_and_can_then_deactivate_the_account()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var ids = new List<int>();
        foreach (var name in new[] { "Acme Events", "Bluebird Weddings", "Maple Catering" }) ids.Add(await AddClientAsync(app, an, name));
        var tomsOwn = await AddClientAsync(app, tom, "Kingfisher Travel");
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var deactivate = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "An Nguyen",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "8",
            ["Input.IsActive"] = "false",
        };
        (await admin.PostFormAsync($"/Admin/Users/Edit/{an}", deactivate)).Errors.Should().ContainSingle().Which.Should().Contain("still owns 3 clients");

        var noNote = await admin.PostFormAsync($"/Admin/Reassign?From={an}", new Dictionary<string, string>
        {
            ["From"] = an,
            ["Input.Scope"] = "all",
            ["Input.ToUserId"] = tom,
            ["Input.Note"] = "",
        });
        noNote.Errors.Should().Contain("Write a hand-off note: what was promised, preferences, key dates and the preferred channel.");
        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.OwnerId == an))).Should().Be(3);

        var moved = await admin.PostFormAsync($"/Admin/Reassign?From={an}", new Dictionary<string, string>
        {
            ["From"] = an,
            ["Input.Scope"] = "all",
            ["Input.ToUserId"] = tom,
            ["Input.Note"] = Note,
        });
        moved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", moved.Errors));
        moved.Location.Should().Be($"/Admin/Users/Edit/{an}");

        (await app.WithDbAsync(db => db.Clients.CountAsync(c => c.OwnerId == tom))).Should().Be(4);
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.AssigneeId == tom))).Should().Be(4);
        var handoffs = await app.WithDbAsync(db => db.Handoffs.ToListAsync());
        handoffs.Select(h => h.ClientId).Should().BeEquivalentTo(ids, "one note per client moved, none for the new owner's own");
        handoffs.Should().OnlyContain(h => h.FromUserId == an && h.ToUserId == tom && h.Note == Note);
        _ = tomsOwn;

        var done = await admin.PostFormAsync($"/Admin/Users/Edit/{an}", deactivate);
        done.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", done.Errors));
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == an))).IsActive.Should().BeFalse();
    }

    [Fact]
    public async Task Admin_reassigns_only_the_ticked_clients()
    {
        using var app = new CrmApp();
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var first = await AddClientAsync(app, an, "Acme Events");
        var second = await AddClientAsync(app, an, "Bluebird Weddings");
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var none = await admin.PostFormAsync($"/Admin/Reassign?From={an}", new Dictionary<string, string>
        {
            ["From"] = an,
            ["Input.Scope"] = "selected",
            ["Input.ToUserId"] = tom,
            ["Input.Note"] = Note,
        });
        none.Errors.Should().Contain("Tick the clients to reassign, or choose all of them.");

        var moved = await admin.PostFormAsync($"/Admin/Reassign?From={an}", new Dictionary<string, string>
        {
            ["From"] = an,
            ["Input.Scope"] = "selected",
            ["Input.ClientIds"] = second.ToString(),
            ["Input.ToUserId"] = tom,
            ["Input.Note"] = Note,
        });
        moved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", moved.Errors));
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == first))).OwnerId.Should().Be(an);
        (await app.WithDbAsync(db => db.Clients.SingleAsync(c => c.Id == second))).OwnerId.Should().Be(tom);

        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetAsync("/Admin/Reassign")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
