using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// <c>mailbox add|list|remove</c>: scripted set-up of mailboxes through the same <see cref="MailboxAccounts"/> as the pages.
/// <c>--user team</c> names the team mailbox. Exit code 0 when done, 1 when the server refused or the settings were wrong
/// (nothing saved), 2 when the command was called wrongly. The password is never printed.
/// </summary>
public sealed class MailboxCommand(CrmDbContext db, MailboxAccounts accounts, IStringLocalizer<SharedResource> t) : ICommand
{
    public const string Team = "team";

    public string Name => "mailbox";

    public string Usage => "mailbox add --user EMAIL|team --host H --port P --security None|SslOnConnect|StartTls --username U\n" +
                           "         --password P|- [--folders INBOX,Sent]   connect a mailbox (- reads the password from standard input)\n" +
                           "         [--smtp-host H --smtp-port P --smtp-security None|SslOnConnect|StartTls]\n" +
                           "                                 send what the manager writes through their own server (same user name and password)\n" +
                           "  mailbox list                 every mailbox and how its sync goes (never the password)\n" +
                           "  mailbox remove --user EMAIL|team";

    /// <summary>Where the command writes (the console; a test reads it).</summary>
    public TextWriter Out { get; set; } = Console.Out;

    public TextWriter Error { get; set; } = Console.Error;

    /// <summary>Read for <c>--password -</c>, so that the password stays out of the shell history and the process list.</summary>
    public TextReader In { get; set; } = Console.In;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken ct) => args.Position(0, "action (add, list or remove)") switch
    {
        "add" => await AddAsync(args, ct),
        "list" => await ListAsync(ct),
        "remove" => await RemoveAsync(args, ct),
        var other => throw new CommandException($"Unknown action '{other}': use add, list or remove."),
    };

    private async Task<int> AddAsync(CommandArgs args, CancellationToken ct)
    {
        var (userId, who) = await OwnerAsync(args, ct);
        var portText = args.Required("port");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new CommandException("--port must be a number from 1 to 65535.");
        var security = Security(args.Required("security"), "--security");
        var password = args.Required("password");
        if (password == "-") password = (await In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') ?? "";
        if (password.Length == 0) throw new CommandException("--password is required (or - to read it from standard input).");
        var folders = args.Option("folders") is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;

        var outgoing = Outgoing(args);
        var outcome = await accounts.SaveAsync(userId,
            new MailboxSettings(args.Required("host"), port, security, args.Required("username"), password, folders, outgoing), ct);
        if (!outcome.Succeeded)
        {
            using (CultureScope.Use("en"))
            {
                foreach (var error in outcome.Errors)
                    await Error.WriteLineAsync("Not saved: " + string.Format(CultureInfo.InvariantCulture, error.Message, error.Args));
                if (outcome.Problem != MailboxProblem.None)
                    await Error.WriteLineAsync($"Not saved: {(outcome.Outgoing ? "the outgoing (SMTP) server: " : "")}" +
                        $"{EnumLabels.Label(t, outcome.Problem)}{(outcome.ProblemDetail is { } d ? $" ({d})" : "")}.");
                if (outcome.ServerFolders.Count > 0)
                    await Error.WriteLineAsync("Folders on the server: " + string.Join(", ", outcome.ServerFolders.Select(f => f.Name)));
            }
            return 1;
        }
        var saved = await accounts.FindAsync(userId, ct);
        var sending = saved!.Outgoing is { } o ? $", sending through {o.Host}:{o.Port}" : "";
        await Out.WriteLineAsync($"Mailbox of {who} connected: {saved.Host}:{saved.Port}, folders {string.Join(", ", saved.Folders)}{sending}.");
        return 0;
    }

    /// <summary>The outgoing server from <c>--smtp-host</c>, <c>--smtp-port</c> (default by security) and <c>--smtp-security</c> (default StartTls).</summary>
    private static OutgoingSettings? Outgoing(CommandArgs args)
    {
        var host = args.Option("smtp-host");
        if (host is null)
        {
            if (args.Option("smtp-port") is not null || args.Option("smtp-security") is not null)
                throw new CommandException("--smtp-port and --smtp-security need --smtp-host.");
            return null;
        }
        var security = args.Option("smtp-security") is { } text ? Security(text, "--smtp-security") : MailSecurity.StartTls;
        var port = Infrastructure.Email.OutgoingServer.DefaultPort(security);
        if (args.Option("smtp-port") is { } portText
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw new CommandException("--smtp-port must be a number from 1 to 65535.");
        return new OutgoingSettings(host, port, security);
    }

    private static MailSecurity Security(string text, string option) =>
        text.Any(char.IsDigit) || !Enum.TryParse<MailSecurity>(text, ignoreCase: true, out var security) || !Enum.IsDefined(security)
            ? throw new CommandException($"{option} must be None, SslOnConnect or StartTls.")
            : security;

    private async Task<int> ListAsync(CancellationToken ct)
    {
        var mailboxes = await accounts.ListAsync(ct);
        if (mailboxes.Count == 0)
        {
            await Out.WriteLineAsync("No mailboxes.");
            return 0;
        }
        using var english = CultureScope.Use("en");
        foreach (var m in mailboxes)
        {
            var lastSuccess = m.LastSuccessAtUtc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
            var state = EnumLabels.Label(t, m.Problem) + (m.ProblemDetail is { } d ? $" ({d})" : "");
            var sending = m.Outgoing is { } o ? $"\tsmtp {o.Host}:{o.Port} {o.Security}" : "";
            await Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(m.IsTeamMailbox ? Team : m.OwnerEmail)}\t{m.Host}:{m.Port} {m.Security}{sending}\tuser {m.UserName}\tfolders {string.Join(",", m.Folders)}\t" +
                $"last success {lastSuccess}\tmatched {m.LastMatched} (total {m.TotalMatched})\t{state}\tfailures in a row {m.ConsecutiveFailures}"));
        }
        return 0;
    }

    private async Task<int> RemoveAsync(CommandArgs args, CancellationToken ct)
    {
        var (userId, who) = await OwnerAsync(args, ct);
        if (!await accounts.RemoveAsync(userId, ct))
        {
            await Error.WriteLineAsync($"{who} has no mailbox.");
            return 1;
        }
        await Out.WriteLineAsync($"Mailbox of {who} removed; the touches it logged stay.");
        return 0;
    }

    /// <summary>The user the mailbox belongs to (null for <c>--user team</c>) and how to name them in messages.</summary>
    private async Task<(string? UserId, string Who)> OwnerAsync(CommandArgs args, CancellationToken ct)
    {
        var user = args.Required("user").Trim();
        if (string.Equals(user, Team, StringComparison.OrdinalIgnoreCase)) return (null, "the team");
        var normalized = user.ToUpperInvariant();
        var id = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
        return id is null ? throw new CommandException($"No user has the email {user} (use --user team for the team mailbox).") : (id, user);
    }
}
