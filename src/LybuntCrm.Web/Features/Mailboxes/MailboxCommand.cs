using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static LybuntCrm.Web.Infrastructure.Cli.VerbText;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// <c>mailbox add|list|remove</c>: scripted set-up of mailboxes through the same <see cref="MailboxAccounts"/> as the pages.
/// <c>--user team</c> names the team mailbox. Exit code 0 when done, 1 when the server refused or the settings were wrong
/// (nothing saved), 2 when the command was called wrongly. The password is never printed.
/// </summary>
public sealed class MailboxCommand(CrmDbContext db, MailboxAccounts accounts, IStringLocalizer<SharedResource> t, CommandConsole console)
{
    public const string Team = "team";

    public static VerbCommand Define()
    {
        var user = new Option<string>("--user") { Required = true, HelpName = "EMAIL|team", Description = T("The manager the mailbox belongs to, or team for the team mailbox.") };
        var host = new Option<string>("--host") { Required = true, HelpName = "HOST", Description = T("The IMAP server.") };
        var port = PortOption("--port", T("The IMAP server's port, e.g. 993."));
        port.Required = true;
        var security = SecurityOption("--security", T("How the connection is encrypted: None, SslOnConnect or StartTls."));
        security.Required = true;
        var userName = new Option<string>("--username") { Required = true, HelpName = "NAME", Description = T("The user name on the mail server.") };
        var password = new Option<string>("--password") { Required = true, HelpName = "PASSWORD|-", Description = T("The password on the mail server; - reads it from standard input, so that it stays out of the shell history.") };
        var folders = new Option<string>("--folders") { HelpName = "INBOX,Sent", Description = T("The folders to read, separated by commas (INBOX and Sent if not given).") };
        var smtpHost = new Option<string>("--smtp-host") { HelpName = "HOST", Description = T("Sends what the manager writes through their own server (same user name and password).") };
        var smtpPort = PortOption("--smtp-port", T("The outgoing server's port (from the security if not given)."));
        var smtpSecurity = SecurityOption("--smtp-security", T("How the outgoing connection is encrypted (StartTls if not given)."));
        var add = new VerbCommand("add", T("Connects a mailbox after checking that the server accepts the sign-in and has the folders."),
            "mailbox add --user ann@example.com --host imap.example.com --port 993 --security SslOnConnect --username ann --password -",
            "mailbox add --user team --host imap.example.com --port 143 --security StartTls --username crm --password - --folders INBOX,Clients --smtp-host smtp.example.com")
        {
            user, host, port, security, userName, password, folders, smtpHost, smtpPort, smtpSecurity,
        }.Runs<MailboxCommand>((verb, p, ct) => verb.AddAsync(new MailboxAddRequest(p.GetRequiredValue(user), p.GetRequiredValue(host),
            p.GetRequiredValue(port)!.Value, p.GetRequiredValue(security), p.GetRequiredValue(userName), p.GetRequiredValue(password))
        {
            Folders = p.GetValue(folders),
            SmtpHost = p.GetValue(smtpHost),
            SmtpPort = p.GetValue(smtpPort),
            SmtpSecurity = p.GetValue(smtpSecurity),
        }, ct));

        var json = VerbCommand.JsonFlag();
        var list = new VerbCommand("list", T("Lists every mailbox and how its sync goes (never the password)."), "mailbox list", "mailbox list --json") { json }
            .Runs<MailboxCommand>((verb, p, ct) => verb.ListAsync(p.GetValue(json), ct));

        var removeUser = new Option<string>("--user") { Required = true, HelpName = "EMAIL|team", Description = T("The manager the mailbox belongs to, or team for the team mailbox.") };
        var remove = new VerbCommand("remove", T("Disconnects a mailbox; the touches it logged stay."), "mailbox remove --user team") { removeUser }
            .Runs<MailboxCommand>((verb, p, ct) => verb.RemoveAsync(p.GetRequiredValue(removeUser), ct));

        return new VerbCommand("mailbox", T("Connects, lists or removes the mailboxes whose messages are logged as touches.")) { add, list, remove };
    }

    /// <summary>A port from 1 to 65535, refused while parsing so that a wrong call never reaches the server.</summary>
    private static Option<int?> PortOption(string name, string description)
    {
        var option = new Option<int?>(name) { HelpName = "PORT", Description = description };
        option.Validators.Add(r =>
        {
            // Read from the token: a word that is not a number fails the option's own conversion, reported apart.
            if (r.Tokens is [var token] && int.TryParse(token.Value, out var port) && port is < 1 or > 65535)
                r.AddError($"{name} must be a number from 1 to 65535.");
        });
        return option;
    }

    private static Option<string> SecurityOption(string name, string description)
    {
        var option = new Option<string>(name) { HelpName = "None|SslOnConnect|StartTls", Description = description };
        option.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && ParseSecurity(token.Value) is null) r.AddError($"{name} must be None, SslOnConnect or StartTls.");
        });
        return option;
    }

    public async Task<int> AddAsync(MailboxAddRequest request, CancellationToken ct)
    {
        var (userId, who) = await OwnerAsync(request.User, ct);
        var security = ParseSecurity(request.Security) ?? throw new CommandException("--security must be None, SslOnConnect or StartTls.");
        var password = request.Password;
        if (password == "-") password = (await console.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
        if (password.Length == 0) throw new CommandException("--password is required (or - to read it from standard input).");
        var folders = request.Folders is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;

        var outgoing = Outgoing(request);
        var outcome = await accounts.SaveAsync(userId,
            new MailboxSettings(request.Host, request.Port, security, request.UserName, password, folders, outgoing), ct);
        if (!outcome.Succeeded)
        {
            using (CultureScope.Use("en"))
            {
                foreach (var error in outcome.Errors)
                    await console.Error.WriteLineAsync("Not saved: " + string.Format(CultureInfo.InvariantCulture, error.Message, error.Args));
                if (outcome.Problem != MailboxProblem.None)
                    await console.Error.WriteLineAsync($"Not saved: {(outcome.Outgoing ? "the outgoing (SMTP) server: " : "")}" +
                        $"{EnumLabels.Label(t, outcome.Problem)}{(outcome.ProblemDetail is { } d ? $" ({d})" : "")}.");
                if (outcome.ServerFolders.Count > 0)
                    await console.Error.WriteLineAsync("Folders on the server: " + string.Join(", ", outcome.ServerFolders.Select(f => f.Name)));
            }
            return CommandLine.Failed;
        }
        var saved = await accounts.FindAsync(userId, ct);
        var sending = saved!.Outgoing is { } o ? $", sending through {o.Host}:{o.Port}" : "";
        await console.Out.WriteLineAsync($"Mailbox of {who} connected: {saved.Host}:{saved.Port}, folders {string.Join(", ", saved.Folders)}{sending}.");
        return CommandLine.Success;
    }

    /// <summary>The outgoing server from <c>--smtp-host</c>, <c>--smtp-port</c> (default by security) and <c>--smtp-security</c> (default StartTls).</summary>
    private static OutgoingSettings? Outgoing(MailboxAddRequest request)
    {
        if (request.SmtpHost is not { } host)
        {
            if (request.SmtpPort is not null || request.SmtpSecurity is not null)
                throw new CommandException("--smtp-port and --smtp-security need --smtp-host.");
            return null;
        }
        var security = request.SmtpSecurity is { } text
            ? ParseSecurity(text) ?? throw new CommandException("--smtp-security must be None, SslOnConnect or StartTls.")
            : MailSecurity.StartTls;
        return new OutgoingSettings(host, request.SmtpPort ?? Infrastructure.Email.OutgoingServer.DefaultPort(security), security);
    }

    /// <summary>A security mode by name in any letter case; numbers are refused although Enum.TryParse would take them.</summary>
    private static MailSecurity? ParseSecurity(string text) =>
        text.Any(char.IsDigit) || !Enum.TryParse<MailSecurity>(text, ignoreCase: true, out var security) || !Enum.IsDefined(security)
            ? null
            : security;

    public async Task<int> ListAsync(bool json, CancellationToken ct)
    {
        var mailboxes = await accounts.ListAsync(ct);
        using var english = CultureScope.Use("en");
        if (json)
        {
            var rows = mailboxes.Select(m => new
            {
                user = m.IsTeamMailbox ? Team : m.OwnerEmail,
                m.Host,
                m.Port,
                security = m.Security.ToString(),
                m.UserName,
                m.Folders,
                smtp = m.Outgoing is { } o ? new { o.Host, o.Port, security = o.Security.ToString() } : null,
                m.LastSuccessAtUtc,
                m.LastMatched,
                m.TotalMatched,
                problem = m.Problem.ToString(),
                state = EnumLabels.Label(t, m.Problem),
                m.ProblemDetail,
                m.ConsecutiveFailures,
            });
            await console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, JsonSerializerOptions.Web));
            return CommandLine.Success;
        }
        if (mailboxes.Count == 0)
        {
            await console.Out.WriteLineAsync("No mailboxes.");
            return CommandLine.Success;
        }
        foreach (var m in mailboxes)
        {
            var lastSuccess = m.LastSuccessAtUtc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
            var state = EnumLabels.Label(t, m.Problem) + (m.ProblemDetail is { } d ? $" ({d})" : "");
            var sending = m.Outgoing is { } o ? $"\tsmtp {o.Host}:{o.Port} {o.Security}" : "";
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(m.IsTeamMailbox ? Team : m.OwnerEmail)}\t{m.Host}:{m.Port} {m.Security}{sending}\tuser {m.UserName}\tfolders {string.Join(",", m.Folders)}\t" +
                $"last success {lastSuccess}\tmatched {m.LastMatched} (total {m.TotalMatched})\t{state}\tfailures in a row {m.ConsecutiveFailures}"));
        }
        return CommandLine.Success;
    }

    public async Task<int> RemoveAsync(string user, CancellationToken ct)
    {
        var (userId, who) = await OwnerAsync(user, ct);
        if (!await accounts.RemoveAsync(userId, ct))
        {
            await console.Error.WriteLineAsync($"{who} has no mailbox.");
            return CommandLine.Failed;
        }
        await console.Out.WriteLineAsync($"Mailbox of {who} removed; the touches it logged stay.");
        return CommandLine.Success;
    }

    /// <summary>The user the mailbox belongs to (null for <c>--user team</c>) and how to name them in messages.</summary>
    private async Task<(string? UserId, string Who)> OwnerAsync(string email, CancellationToken ct)
    {
        var user = email.Trim();
        if (string.Equals(user, Team, StringComparison.OrdinalIgnoreCase)) return (null, "the team");
        var normalized = user.ToUpperInvariant();
        var id = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
        return id is null ? throw new CommandException($"No user has the email {user} (use --user team for the team mailbox).") : (id, user);
    }
}
