using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class ClientEditingTests
{
    private static Dictionary<string, string> ClientForm(string name, string? externalId = null, string cadence = "120") => new()
    {
        ["Input.Name"] = name,
        ["Input.Status"] = "Client",
        ["Input.Stage"] = "Purchased",
        ["Input.CadenceDays"] = cadence,
        ["Input.PreferredChannel"] = "Phone",
        ["Input.ExternalId"] = externalId ?? "",
        ["Input.Notes"] = "Likes early calls.",
    };

    [Fact]
    public async Task Manager_creates_a_client_for_themselves_and_edits_it()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var created = await browser.PostFormAsync("/Clients/Edit", ClientForm("Nguyễn Văn An Co.", "ACC-1"));
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync());
        created.Location.Should().Be($"/Clients/{client.Id}");
        client.OwnerId.Should().Be(managerId);
        client.SearchText.Should().Contain("nguyen van an co.").And.Contain("acc-1");
        client.NextCheckInOn.Should().Be(app.Today.AddDays(120), "a new client is due one cadence after it was added");

        var edit = ClientForm("Nguyễn Văn An Ltd", "ACC-1", "90");
        var saved = await browser.PostFormAsync($"/Clients/Edit/{client.Id}", edit);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var after = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync());
        after.Name.Should().Be("Nguyễn Văn An Ltd");
        after.CadenceDays.Should().Be(90);
        after.NextCheckInOn.Should().Be(app.Today.AddDays(90));
        var actions = await app.WithDbAsync(db => db.AuditEvents.Select(e => e.Action).ToListAsync());
        actions.Should().Contain(["client.created", "client.updated"]);

        var page = await browser.GetPageAsync($"/Clients/{client.Id}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Text.Should().Contain("Nguyễn Văn An Ltd");
    }

    [Fact]
    public async Task Invalid_client_form_shows_messages_next_to_the_fields_and_saves_nothing()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var form = ClientForm("  ", cadence: "3");
        form["Input.DoNotContact"] = "true";
        form["Input.DoNotContactReason"] = "";
        var page = await browser.PostFormAsync("/Clients/Edit", form);

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain(["Enter the client's name.", "Choose a check-in cadence between 7 and 730 days.",
            "Say why this client must not be contacted."]);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_duplicate_external_id_is_refused_with_a_clear_message()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.AddClientAsync("First", managerId, c => c.ExternalId = "X-42"));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync("/Clients/Edit", ClientForm("Second", "X-42"));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Another client already has the external id X-42.");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task Manager_cannot_change_another_managers_client_and_nothing_changes()
    {
        using var app = new CrmApp();
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Tom's client", otherId, c =>
            c.Contacts.Add(new Contact { Name = "Mai", Email = "mai@example.com" })));
        var contactId = await app.WithDbAsync(db => db.Contacts.Select(c => c.Id).SingleAsync());
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await browser.GetPageAsync($"/Clients/{clientId}")).StatusCode.Should().Be(HttpStatusCode.OK, "managers read every client");
        (await browser.GetAsync($"/Clients/Edit/{clientId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The forms of the manager's own pages carry a valid token; post them at someone else's client by guessing ids.
        var token = (await browser.GetPageAsync("/Clients/Edit")).AntiforgeryToken;
        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/Clients/Edit/{clientId}", ClientForm("Taken over")),
            ($"/Clients/{clientId}/Touchpoints/New", new() { ["Input.Channel"] = "Phone", ["Input.Direction"] = "Outbound", ["Input.Outcome"] = "Reached" }),
            ($"/Clients/{clientId}/Purchases/New", new() { ["Input.Date"] = "2026-06-01", ["Input.Amount"] = "100", ["Input.Currency"] = "USD", ["Input.Status"] = "Completed" }),
            ($"/Clients/{clientId}/Contacts", new() { ["Input.Name"] = "Intruder" }),
            ($"/Clients/{clientId}/Contacts/{contactId}", new() { ["Input.Name"] = "Renamed" }),
            ($"/Clients/{clientId}/KeyDates/New", new() { ["Input.Kind"] = "Custom", ["Input.Date"] = "2026-01-01", ["Input.Label"] = "x" }),
            ($"/Clients/{clientId}?handler=RemoveContact", new() { ["contactId"] = contactId.ToString() }),
        };
        foreach (var (url, fields) in posts)
        {
            var response = await browser.PostAsync(url, fields, token);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, url);
        }

        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().Include(c => c.Contacts).SingleAsync());
        client.Name.Should().Be("Tom's client");
        client.Contacts.Should().ContainSingle().Which.Name.Should().Be("Mai");
        (await app.WithDbAsync(db => db.Touchpoints.CountAsync())).Should().Be(0);
        (await app.WithDbAsync(db => db.Purchases.CountAsync())).Should().Be(0);
        (await app.WithDbAsync(db => db.KeyDates.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Editing_a_client_never_changes_its_owner_without_a_hand_off()
    {
        using var app = new CrmApp();
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Handed over", managerId));
        using var browser = await app.SignedInAsync(CrmApp.AdminEmail);

        var form = ClientForm("Handed over, renamed");
        form["Input.OwnerId"] = otherId;
        (await browser.PostFormAsync($"/Clients/Edit/{clientId}", form)).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var client = await app.WithDbAsync(db => db.Clients.SingleAsync());
        client.Name.Should().Be("Handed over, renamed", "the admin may change everything else");
        client.OwnerId.Should().Be(managerId, "owners change only through a transfer with a hand-off note");
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "client.owner_changed"))).Should().BeFalse();
        (await browser.GetPageAsync($"/Clients/Edit/{clientId}")).Document.QuerySelector($"a[href='/Handoffs/Transfer/{clientId}']")
            .Should().NotBeNull();
    }

    [Fact]
    public async Task Contacts_are_added_and_found_by_search_and_removed()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Rostam Trading", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var added = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "Trần Thị Hoa",
            ["Input.Email"] = "hoa@example.vn",
            ["Input.Phone"] = "+84 90 123 4567",
            ["Input.BirthdayDay"] = "29",
            ["Input.BirthdayMonth"] = "2",
            ["Input.IsPrimary"] = "true",
        });
        added.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await browser.GetPageAsync("/Clients?q=tran thi")).Document.QuerySelectorAll("[data-client-id]").Should().HaveCount(1);

        var bad = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "X",
            ["Input.Email"] = "not-an-email",
            ["Input.BirthdayDay"] = "31",
            ["Input.BirthdayMonth"] = "4",
        });
        bad.Errors.Should().Contain(["Enter a valid email address.", "That day does not exist in that month."]);

        var contactId = await app.WithDbAsync(db => db.Contacts.Select(c => c.Id).SingleAsync());
        var removed = await browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string> { ["contactId"] = contactId.ToString() },
            postUrl: $"/Clients/{clientId}?handler=RemoveContact");
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Contacts.CountAsync())).Should().Be(0);
        (await browser.GetPageAsync("/Clients?q=tran thi")).Document.QuerySelectorAll("[data-client-id]").Should().BeEmpty();
    }
}
