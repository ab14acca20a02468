using System.Globalization;
using System.Net;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>
/// A manager's outgoing server on Account → Mailbox and in <c>mailbox add</c>: signed in to with the mailbox's user name and
/// password (real dovecot and aiosmtpd with a login) before anything is saved.
/// </summary>
public sealed class OutgoingServerPagesTests(SharedDovecotServer fixture) : IClassFixture<SharedDovecotServer>
{
    private DovecotServer Imap => fixture.Server;

    private string NewImapUser()
    {
        var user = "o" + Guid.NewGuid().ToString("N")[..10] + "@firm.example";
        Imap.AddUser(user, Password);
        return user;
    }

    private Dictionary<string, string> Form(string user, string password, SmtpServer? smtp) => new()
    {
        ["Input.Host"] = Imap.Host,
        ["Input.Port"] = Imap.Port.ToString(CultureInfo.InvariantCulture),
        ["Input.Security"] = nameof(MailSecurity.None),
        ["Input.UserName"] = user,
        ["Input.Password"] = password,
        ["Input.SmtpHost"] = smtp is null ? "" : "127.0.0.1",
        ["Input.SmtpPort"] = (smtp?.Port ?? 587).ToString(CultureInfo.InvariantCulture),
        ["Input.SmtpSecurity"] = nameof(MailSecurity.None),
    };

    private static Task<List<Mailbox>> MailboxesAsync(CrmApp app) =>
        app.WithDbAsync(db => db.Mailboxes.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task An_outgoing_server_that_refuses_the_password_is_said_in_words_and_nothing_is_saved()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var user = NewImapUser();
        using var smtp = SmtpServer.StartedWithLogin(user, "the-smtp-password-differs");

        var refused = await manager.PostFormAsync("/Account/Mailbox", Form(user, Password, smtp));
        var unreachable = Form(user, Password, smtp);
        unreachable["Input.SmtpPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var down = await manager.PostFormAsync("/Account/Mailbox", unreachable);
        var badHost = Form(user, Password, smtp);
        badHost["Input.SmtpHost"] = "smtp://mail.example.com";

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().Contain("Not saved: the outgoing (SMTP) server: the server refused the user name or password.");
        refused.Html.Should().NotContain(Password);
        refused.Document.QuerySelector("input[name='Input.SmtpHost']")!.GetAttribute("value").Should().Be("127.0.0.1");
        down.Errors.Should().Contain("Not saved: the outgoing (SMTP) server: the server could not be reached.");
        (await manager.PostFormAsync("/Account/Mailbox", badHost)).Errors
            .Should().Contain("Enter only the host name, like smtp.example.com: no spaces, port or address scheme.");
        (await MailboxesAsync(app)).Should().BeEmpty();
        smtp.Messages().Should().BeEmpty();
    }

    [Fact]
    public async Task An_outgoing_server_that_takes_the_login_is_saved_kept_with_the_folders_and_a_new_one_needs_the_password_again()
    {
        using var app = new CrmApp();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var user = NewImapUser();
        using var smtp = SmtpServer.StartedWithLogin(user, Password);

        var saved = await manager.PostFormAsync("/Account/Mailbox", Form(user, Password, smtp));

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.Errors));
        var mailbox = (await MailboxesAsync(app)).Should().ContainSingle().Subject;
        (mailbox.SmtpHost, mailbox.SmtpPort, mailbox.SmtpSecurity).Should().Be(("127.0.0.1", smtp.Port, MailSecurity.None));
        var page = await manager.GetPageAsync("/Account/Mailbox");
        page.Document.QuerySelector("[data-testid=outgoing]")!.TextContent.Should().Contain($"127.0.0.1:{smtp.Port}");
        page.Document.QuerySelector("input[name='Input.SmtpHost']")!.GetAttribute("value").Should().Be("127.0.0.1");

        // Choosing folders keeps the outgoing server.
        var folders = await manager.PostFormAsync("/Account/Mailbox?handler=Folders", new Dictionary<string, string> { ["folders"] = "INBOX" });
        folders.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", folders.Errors));
        (await MailboxesAsync(app)).Single().SmtpHost.Should().Be("127.0.0.1");

        // The saved password goes only where it went before.
        using var other = SmtpServer.StartedWithLogin(user, Password);
        var moved = await manager.PostFormAsync("/Account/Mailbox", Form(user, "", other));
        moved.Errors.Should().Contain("Enter the password again: the saved one is only used with the same server, user name and encryption.");
        (await MailboxesAsync(app)).Single().SmtpPort.Should().Be(smtp.Port);

        // An empty host: messages go from the app's server again.
        var cleared = await manager.PostFormAsync("/Account/Mailbox", Form(user, "", null));
        cleared.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", cleared.Errors));
        var after = (await MailboxesAsync(app)).Single();
        (after.SmtpHost, after.SmtpPort, after.SmtpSecurity).Should().Be(((string?)null, (int?)null, (MailSecurity?)null));
    }

    [Fact]
    public async Task The_mailbox_command_takes_an_outgoing_server_and_refuses_one_that_refuses_the_login()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var user = NewImapUser();
        using var smtp = SmtpServer.StartedWithLogin(user, Password);
        using var wrong = SmtpServer.StartedWithLogin(user, "something-else");
        string[] Add(SmtpServer server) =>
            ["add", "--user", CrmApp.ManagerEmail, "--host", Imap.Host, "--port", Imap.Port.ToString(CultureInfo.InvariantCulture), "--security", "none",
             "--username", user, "--password", Password, "--smtp-host", "127.0.0.1", "--smtp-port", server.Port.ToString(CultureInfo.InvariantCulture),
             "--smtp-security", "none"];

        var refused = await RunAsync(app, Add(wrong));
        refused.ExitCode.Should().Be(1);
        refused.Error.Should().Contain("Not saved: the outgoing (SMTP) server: the server refused the user name or password.");
        (await MailboxesAsync(app)).Should().BeEmpty();

        var added = await RunAsync(app, Add(smtp));
        added.ExitCode.Should().Be(0, added.Error);
        added.Out.Should().Contain($"sending through 127.0.0.1:{smtp.Port}").And.NotContain(Password);
        (await MailboxesAsync(app)).Single().SmtpPort.Should().Be(smtp.Port);
        (await RunAsync(app, ["list"])).Out.Should().Contain($"smtp 127.0.0.1:{smtp.Port} None");
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(CrmApp app, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(app.Services, ["mailbox", .. args], new CommandConsole { Out = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
