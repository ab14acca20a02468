using System.Net;
using Hangfire;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>Account → Mailbox and Admin → Mailboxes against a real IMAP server (dovecot): nothing is saved before the server said yes.</summary>
public sealed class MailboxPagesTests(SharedDovecotServer fixture) : IClassFixture<SharedDovecotServer>
{
    private DovecotServer Imap => fixture.Server;

    private string NewImapUser()
    {
        var user = "m" + Guid.NewGuid().ToString("N")[..10] + "@firm.example";
        Imap.AddUser(user, Password);
        return user;
    }

    private Dictionary<string, string> Form(string user, string password, MailSecurity security = MailSecurity.None, int? port = null) => new()
    {
        ["Input.Host"] = Imap.Host,
        ["Input.Port"] = (port ?? (security == MailSecurity.SslOnConnect ? Imap.TlsPort : Imap.Port)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Input.Security"] = security.ToString(),
        ["Input.UserName"] = user,
        ["Input.Password"] = password,
    };

    private static Task<List<Mailbox>> MailboxesAsync(CrmApp app) =>
        app.WithDbAsync(db => db.Mailboxes.AsNoTracking().Include(m => m.Folders).OrderBy(m => m.Id).ToListAsync());

    private static Task<string> UserIdAsync(CrmApp app, string email) =>
        app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task A_manager_connects_their_mailbox_the_password_is_stored_encrypted_and_never_shown_again()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var user = NewImapUser();

        var saved = await manager.PostFormAsync("/Account/Mailbox", Form(user, Password));

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.Errors));
        saved.Location.Should().Be("/Account/Mailbox?handler=Folders");
        var mailbox = (await MailboxesAsync(app)).Should().ContainSingle().Subject;
        mailbox.UserId.Should().Be(await UserIdAsync(app, CrmApp.ManagerEmail));
        mailbox.UserName.Should().Be(user);
        mailbox.ProtectedPassword.Should().NotContain(Password).And.NotBeEmpty();
        app.Services.GetRequiredService<MailboxPasswords>().Unprotect(mailbox.ProtectedPassword).Should().Be(Password);
        mailbox.Folders.Select(f => f.Name).Should().Equal("INBOX", "Sent");
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "mailbox.connected"))).Should().BeTrue();
        (await app.WithDbAsync(db => db.AuditEvents.Where(e => e.Detail != null && e.Detail.Contains(Password)).CountAsync())).Should().Be(0);

        var folders = await manager.GetPageAsync("/Account/Mailbox?handler=Folders");
        folders.StatusCode.Should().Be(HttpStatusCode.OK);
        folders.Document.QuerySelectorAll("[data-testid=folder-form] input[name=folders]")
            .Select(i => (i.GetAttribute("value"), i.HasAttribute("checked"))).Should().Contain([("INBOX", true), ("Sent", true)]);
        var page = await manager.GetPageAsync("/Account/Mailbox");
        foreach (var shown in new[] { folders, page })
        {
            shown.Html.Should().NotContain(Password);
            shown.Document.QuerySelector("input[name='Input.Password']")!.HasAttribute("value").Should().BeFalse();
        }
        page.Document.QuerySelector("[data-testid=mailbox-health]")!.TextContent.Should().Contain(user).And.Contain("not yet").And.Contain("working");
        page.Document.QuerySelector("input[name='Input.UserName']")!.GetAttribute("value").Should().Be(user);
    }

    [Fact]
    public async Task A_wrong_password_an_unreachable_server_and_an_untrusted_certificate_are_said_in_words_and_nothing_is_saved()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var user = NewImapUser();
        const string wrong = "not-the-password-9137";

        var refused = await manager.PostFormAsync("/Account/Mailbox", Form(user, wrong));
        var unreachable = await manager.PostFormAsync("/Account/Mailbox", Form(user, Password, port: FreePorts.Next()));
        var untrusted = await manager.PostFormAsync("/Account/Mailbox", Form(user, Password, MailSecurity.SslOnConnect));

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().Contain("Not saved: the server refused the user name or password.");
        refused.Html.Should().NotContain(wrong);
        refused.Document.QuerySelector("input[name='Input.UserName']")!.GetAttribute("value").Should().Be(user, "what was typed stays, but the password");
        unreachable.Errors.Should().Contain("Not saved: the server could not be reached.");
        untrusted.Errors.Should().Contain("Not saved: the server's certificate is not trusted.");
        (await MailboxesAsync(app)).Should().BeEmpty();
    }

    [Fact]
    public async Task Mistakes_are_shown_by_their_fields_before_the_server_is_asked()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await manager.PostFormAsync("/Account/Mailbox", new Dictionary<string, string>
        {
            ["Input.Host"] = "imaps://mail.example.com",
            ["Input.Port"] = "70000",
            ["Input.Security"] = "None",
            ["Input.UserName"] = " ",
            ["Input.Password"] = "",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain([
            "Enter only the host name, like imap.example.com: no spaces, port or address scheme.",
            "The port must be a number from 1 to 65535.",
            "Enter the user name you sign in to the mailbox with.",
        ]);
        var unreadable = Form("someone@firm.example", Password);
        unreadable["Input.Port"] = "nine-nine-three";
        (await manager.PostFormAsync("/Account/Mailbox", unreadable)).Errors.Should().ContainSingle().Which.Should().Contain("nine-nine-three");
        var noPassword = await manager.PostFormAsync("/Account/Mailbox", Form("someone@firm.example", ""));
        noPassword.Errors.Should().Contain("Enter the password (or an app password) of the mailbox.");
        (await MailboxesAsync(app)).Should().BeEmpty();
    }

    [Fact]
    public async Task An_edit_without_a_password_keeps_the_saved_one_folders_are_chosen_from_the_server_and_the_mailbox_is_removed()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var user = NewImapUser();
        Imap.Deliver(user, "Archive", Message("a@b.example", user, "old", DateTimeOffset.UtcNow));
        (await manager.PostFormAsync("/Account/Mailbox", Form(user, Password))).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var chosen = await manager.PostFormAsync("/Account/Mailbox?handler=Folders",
            [new("folders", "INBOX"), new("folders", "Archive")], "/Account/Mailbox?handler=Folders");
        chosen.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", chosen.Errors));
        (await MailboxesAsync(app)).Single().Folders.Select(f => f.Name).Should().BeEquivalentTo(["INBOX", "Archive"]);
        var missing = await manager.PostFormAsync("/Account/Mailbox?handler=Folders", [new("folders", "Nope")], "/Account/Mailbox?handler=Folders");
        missing.Errors.Should().Contain("The server has no folder named Nope.");

        // Port and security stay, the password is left empty: it is kept, and the folders with it.
        var kept = await manager.PostFormAsync("/Account/Mailbox", Form(user, ""));
        kept.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", kept.Errors));
        var mailbox = (await MailboxesAsync(app)).Single();
        app.Services.GetRequiredService<MailboxPasswords>().Unprotect(mailbox.ProtectedPassword).Should().Be(Password);
        mailbox.Folders.Select(f => f.Name).Should().BeEquivalentTo(["INBOX", "Archive"]);
        // The saved password never goes to another account.
        var other = NewImapUser();
        var elsewhere = await manager.PostFormAsync("/Account/Mailbox", Form(other, ""));
        elsewhere.Errors.Should().Contain("Enter the password again: the saved one is only used with the same server, user name and encryption.");
        (await MailboxesAsync(app)).Single().UserName.Should().Be(user);

        var removed = await manager.PostFormAsync("/Account/Mailbox", new Dictionary<string, string>(), "/Account/Mailbox?handler=Remove");
        removed.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await MailboxesAsync(app)).Should().BeEmpty();
        (await app.WithDbAsync(db => db.Set<MailboxFolder>().CountAsync())).Should().Be(0);
        (await manager.GetPageAsync("/Account/Mailbox")).Document.QuerySelector("[data-testid=no-mailbox]").Should().NotBeNull();
    }

    [Fact]
    public async Task Sync_health_is_shown_in_words_and_sync_now_queues_the_mailbox()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var managerId = await UserIdAsync(app, CrmApp.ManagerEmail);
        var id = await MailboxAsync(app, Imap, managerId, NewImapUser());
        await app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.LastSuccessAtUtc, new DateTime(2026, 6, 14, 9, 30, 0, DateTimeKind.Utc))
            .SetProperty(m => m.LastMatched, 4).SetProperty(m => m.TotalMatched, 1234)
            .SetProperty(m => m.Problem, MailboxProblem.FolderMissing).SetProperty(m => m.ProblemDetail, "Archive.2024")
            .SetProperty(m => m.ConsecutiveFailures, 3)));

        var health = (await manager.GetPageAsync("/Account/Mailbox")).Document.QuerySelector("[data-testid=mailbox-health]")!;
        health.QuerySelector("[data-testid=last-success]")!.TextContent.Should().Contain("2026-06-14 09:30");
        health.QuerySelector("[data-testid=matched]")!.TextContent.Should().Be("4 in the last sync, 1,234 in all");
        health.QuerySelector("[data-testid=problem]")!.TextContent.Should().Contain("a synced folder no longer exists on the server").And.Contain("Archive.2024");
        health.QuerySelector("[data-testid=failures]")!.TextContent.Should().Be("3");
        (await manager.PostFormAsync("/Account/Mailbox", new Dictionary<string, string> { ["culture"] = "fa", ["returnUrl"] = "/" }, "/Account/Language"))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        var persian = await manager.GetPageAsync("/Account/Mailbox");
        persian.Document.QuerySelector("[data-testid=problem]")!.TextContent.Should().Contain("یکی از پوشه‌های همگام‌شده دیگر روی سرور نیست");
        persian.Document.QuerySelector("[data-testid=mailbox-health] span[dir=ltr]")!.TextContent.Should().Be($"{Imap.Host}:{Imap.Port}");

        var queued = await manager.PostFormAsync("/Account/Mailbox", new Dictionary<string, string>(), "/Account/Mailbox?handler=Sync");
        queued.StatusCode.Should().Be(HttpStatusCode.Redirect);
        app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount("default").Should().Be(1);
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var user = NewImapUser();

        (await manager.PostAsync("/Account/Mailbox", Form(user, Password), token: null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await admin.PostAsync("/Admin/Mailboxes", Form(user, Password), token: null)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MailboxesAsync(app)).Should().BeEmpty();
    }

    [Fact]
    public async Task Only_admins_open_the_mailboxes_page_where_they_see_every_mailbox_and_connect_the_team_mailbox()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await MailboxAsync(app, Imap, managerId, NewImapUser());
        var othersImapUser = NewImapUser();
        await MailboxAsync(app, Imap, otherId, othersImapUser);

        (await manager.GetAsync("/Admin/Mailboxes")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var token = (await manager.GetPageAsync("/Account/Mailbox")).AntiforgeryToken;
        (await manager.PostAsync("/Admin/Mailboxes", Form(NewImapUser(), Password), token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await manager.PostAsync("/Admin/Mailboxes?handler=Remove", new Dictionary<string, string>(), token)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync("/Admin")).Document.QuerySelector("a[href='/Admin/Mailboxes']").Should().NotBeNull();
        var team = NewImapUser();
        var saved = await admin.PostFormAsync("/Admin/Mailboxes", Form(team, Password));
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.Errors));
        var teamMailbox = (await MailboxesAsync(app)).Single(m => m.UserId == null);
        teamMailbox.UserName.Should().Be(team);
        teamMailbox.ProtectedPassword.Should().NotContain(Password);

        var page = await admin.GetPageAsync("/Admin/Mailboxes");
        page.Html.Should().NotContain(Password);
        var rows = page.Document.QuerySelectorAll("table[data-testid=mailboxes] tbody tr");
        rows.Should().HaveCount(3);
        rows[0].TextContent.Should().Contain("Team mailbox").And.Contain(team);
        rows.Select(r => r.TextContent).Should().Contain(r => r.Contains("An Nguyen") && r.Contains(CrmApp.ManagerEmail));
        rows.Select(r => r.TextContent).Should().Contain(r => r.Contains("Tom Baker") && r.Contains(othersImapUser) && r.Contains("working"));
        rows[0].QuerySelectorAll("span[dir=ltr]").Select(s => s.TextContent).Should().Contain([$"{Imap.Host}:{Imap.Port}", team]);

        // A second save replaces the team mailbox: there is still one.
        var wrong = await admin.PostFormAsync("/Admin/Mailboxes", Form(NewImapUser(), "wrong-password"));
        wrong.Errors.Should().Contain("Not saved: the server refused the user name or password.");
        (await admin.PostFormAsync("/Admin/Mailboxes", Form(NewImapUser(), Password))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await MailboxesAsync(app)).Where(m => m.UserId == null).Should().ContainSingle().Which.UserName.Should().NotBe(team);
        (await admin.PostFormAsync("/Admin/Mailboxes", new Dictionary<string, string>(), "/Admin/Mailboxes?handler=Remove")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await MailboxesAsync(app)).Should().HaveCount(2).And.OnlyContain(m => m.UserId != null);
    }
}
