using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Cli;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Cli;

/// <summary><c>mailbox add|list|remove</c> against a real IMAP server (dovecot), through the same service as the pages.</summary>
public sealed class MailboxCommandTests(SharedDovecotServer fixture) : IClassFixture<SharedDovecotServer>
{
    private DovecotServer Imap => fixture.Server;

    private string NewImapUser()
    {
        var user = "c" + Guid.NewGuid().ToString("N")[..10] + "@firm.example";
        Imap.AddUser(user, Password);
        return user;
    }

    private string[] Add(string user, string imapUser, string password, params string[] more) =>
        ["mailbox", "add", "--user", user, "--host", Imap.Host, "--port", Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "--security", "none", "--username", imapUser, "--password", password, .. more];

    /// <summary>Runs the verb as the command line does, with its output kept for the test.</summary>
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(CrmApp app, string[] args, string? input = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CommandLine.RunAsync(app.Services, args, new CommandConsole { Out = output, Error = error, In = new StringReader(input ?? "") });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static Task<List<Mailbox>> MailboxesAsync(CrmApp app) =>
        app.WithDbAsync(db => db.Mailboxes.AsNoTracking().Include(m => m.Folders).OrderBy(m => m.Id).ToListAsync());

    [Fact]
    public async Task Add_list_and_remove_a_managers_mailbox_and_the_team_mailbox()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var mine = NewImapUser();
        var team = NewImapUser();
        Imap.Deliver(team, "Clients", Message("a@b.example", team, "hello", DateTimeOffset.UtcNow));

        (await CommandLine.RunAsync(app.Services, Add(CrmApp.ManagerEmail, mine, Password))).Should().Be(0);
        var added = await RunAsync(app, Add("team", team, "-", "--folders", "Clients,sent"), input: Password + "\n");

        added.ExitCode.Should().Be(0, added.Error);
        added.Out.Should().Contain("Mailbox of the team connected").And.NotContain(Password);
        var mailboxes = await MailboxesAsync(app);
        mailboxes.Should().HaveCount(2);
        mailboxes.Single(m => m.UserId == managerId).Folders.Select(f => f.Name).Should().Equal("INBOX", "Sent");
        mailboxes.Single(m => m.UserId == null).Folders.Select(f => f.Name).Should().Equal("Clients", "Sent");
        mailboxes.Should().OnlyContain(m => !m.ProtectedPassword.Contains(Password));

        var list = await RunAsync(app, ["mailbox", "list"]);
        list.ExitCode.Should().Be(0);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[0].Should().StartWith("team\t").And.Contain(team).And.Contain("last success never").And.Contain("working");
        lines[1].Should().StartWith(CrmApp.ManagerEmail + "\t").And.Contain($"{Imap.Host}:{Imap.Port} None").And.Contain("folders INBOX,Sent");
        list.Out.Should().NotContain(Password);
        var json = await RunAsync(app, ["mailbox", "list", "--json"]);
        json.ExitCode.Should().Be(0);
        json.Out.Should().NotContain(Password);
        using (var listed = System.Text.Json.JsonDocument.Parse(json.Out))
        {
            listed.RootElement.EnumerateArray().Select(m => m.GetProperty("user").GetString()).Should().Equal("team", CrmApp.ManagerEmail);
            listed.RootElement[1].GetProperty("folders").EnumerateArray().Select(f => f.GetString()).Should().Equal("INBOX", "Sent");
            listed.RootElement[1].GetProperty("port").GetInt32().Should().Be(Imap.Port);
        }

        (await CommandLine.RunAsync(app.Services, ["mailbox", "remove", "--user", CrmApp.ManagerEmail])).Should().Be(0);
        (await CommandLine.RunAsync(app.Services, ["mailbox", "remove", "--user", CrmApp.ManagerEmail])).Should().Be(1, "there is nothing left to remove");
        (await MailboxesAsync(app)).Should().ContainSingle().Which.UserId.Should().BeNull();
    }

    [Fact]
    public async Task A_refused_password_or_an_unknown_folder_saves_nothing_and_exits_with_1()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var user = NewImapUser();

        var refused = await RunAsync(app, Add(CrmApp.ManagerEmail, user, "wrong-password-77"));
        var folder = await RunAsync(app, Add(CrmApp.ManagerEmail, user, Password, "--folders", "INBOX,Nowhere"));

        refused.ExitCode.Should().Be(1);
        refused.Error.Should().Contain("Not saved: the server refused the user name or password.").And.NotContain("wrong-password-77");
        folder.ExitCode.Should().Be(1);
        folder.Error.Should().Contain("The server has no folder named Nowhere.").And.Contain("Folders on the server: INBOX, Sent");
        (await MailboxesAsync(app)).Should().BeEmpty();
    }

    [Fact]
    public async Task Wrong_calls_are_refused_with_exit_code_2_before_the_server_is_asked()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var user = NewImapUser();

        (await CommandLine.RunAsync(app.Services, Add("nobody@example.com", user, Password))).Should().Be(2);
        (await CommandLine.RunAsync(app.Services, Add(CrmApp.ManagerEmail, user, Password)
            .Select(a => a == Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) ? "99999" : a).ToArray())).Should().Be(2);
        (await CommandLine.RunAsync(app.Services, Add(CrmApp.ManagerEmail, user, Password).Select(a => a == "none" ? "1" : a).ToArray())).Should().Be(2);
        (await CommandLine.RunAsync(app.Services, ["mailbox", "add", "--user", "team", "--host", Imap.Host])).Should().Be(2);
        (await CommandLine.RunAsync(app.Services, ["mailbox", "rename"])).Should().Be(2);
        (await MailboxesAsync(app)).Should().BeEmpty();
    }
}
