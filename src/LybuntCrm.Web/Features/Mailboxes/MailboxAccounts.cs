using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// The one place mailboxes are connected, changed, listed and removed: the Mailbox page, the admin page and the
/// <c>mailbox</c> command all go through here. A mailbox is saved only after the app has signed in to it with what was
/// typed, so a wrong password or an unreachable server is said at once, in words, and nothing is stored. The password is
/// stored only encrypted (<see cref="MailboxPasswords"/>) and never logged. <c>userId</c> null is the team mailbox.
/// </summary>
public sealed class MailboxAccounts(CrmDbContext db, MailboxPasswords passwords, IMailTransportFactory transports, IClock clock, Audit audit,
    ILogger<MailboxAccounts> logger)
{
    /// <summary>How long the sign-in test may take before the server counts as unreachable (a person is waiting).</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    public const int MaxHostLength = 253;
    public const int MaxUserNameLength = 320;
    public const int MaxPasswordLength = 1000;

    /// <summary>The word <c>--folders</c> and the forms may use for the sent folder, whatever the server calls it.</summary>
    public const string SentAlias = "Sent";

    public async Task<MailboxSummary?> FindAsync(string? userId, CancellationToken ct) =>
        await Summaries(db.Mailboxes.Where(m => m.UserId == userId)).FirstOrDefaultAsync(ct);

    /// <summary>Every mailbox: the team mailbox first, then the managers' by name.</summary>
    public async Task<IReadOnlyList<MailboxSummary>> ListAsync(CancellationToken ct) =>
        await Summaries(db.Mailboxes).ToListAsync(ct);

    private static IQueryable<MailboxSummary> Summaries(IQueryable<Mailbox> mailboxes) =>
        mailboxes.AsNoTracking()
            .OrderBy(m => m.UserId != null).ThenBy(m => m.User!.DisplayName).ThenBy(m => m.Id)
            .Select(m => new MailboxSummary(m.Id, m.UserId, m.User != null ? m.User.DisplayName : null, m.User != null ? m.User.Email : null,
                m.Host, m.Port, m.Security, m.UserName, m.Folders.OrderBy(f => f.Id).Select(f => f.Name).ToList(),
                m.LastAttemptAtUtc, m.LastSuccessAtUtc, m.LastMatched, m.TotalMatched, m.Problem, m.ProblemDetail, m.ConsecutiveFailures,
                m.SmtpHost, m.SmtpPort, m.SmtpSecurity));

    /// <summary>
    /// Checks what was typed, signs in to the server with it, and only then adds or replaces the mailbox (one per manager,
    /// one team mailbox) with the chosen folders. The sync position of a folder is kept while the server and user name stay.
    /// A manager's outgoing server, when given, is signed in to as well (same user name and password) before anything is saved.
    /// </summary>
    public async Task<MailboxOutcome> SaveAsync(string? userId, MailboxSettings input, CancellationToken ct)
    {
        var errors = new List<MailboxOutcome.Error>();
        void Add(string field, string message, params object[] args) => errors.Add(new(field, message, args));

        var host = input.Host?.Trim() ?? "";
        if (host.Length == 0) Add(nameof(MailboxSettings.Host), T("Enter the server's host name, like imap.example.com."));
        else if (host.Length > MaxHostLength) Add(nameof(MailboxSettings.Host), T("The host name can have at most 253 characters."));
        else if (!IsHostName(host)) Add(nameof(MailboxSettings.Host), T("Enter only the host name, like imap.example.com: no spaces, port or address scheme."));
        if (input.Port is < 1 or > 65535) Add(nameof(MailboxSettings.Port), T("The port must be a number from 1 to 65535."));
        if (!Enum.IsDefined(input.Security)) Add(nameof(MailboxSettings.Security), T("Choose the connection security from the list."));
        var userName = input.UserName?.Trim() ?? "";
        if (userName.Length == 0) Add(nameof(MailboxSettings.UserName), T("Enter the user name you sign in to the mailbox with."));
        else if (userName.Length > MaxUserNameLength || TextInput.HasForbiddenCharacters(userName) || userName.Any(c => c is '\r' or '\n' or '\t'))
            Add(nameof(MailboxSettings.UserName), T("The user name can have at most 320 characters and no control characters."));
        if (input.Password is { Length: > MaxPasswordLength }) Add(nameof(MailboxSettings.Password), T("The password can have at most 1000 characters."));
        if (userId is not null && !await db.Users.AnyAsync(u => u.Id == userId, ct)) Add("", T("There is no such user."));
        var outgoing = CheckOutgoing(userId, input.Outgoing, errors);
        if (errors.Count > 0) return MailboxOutcome.Invalid(errors);

        var existing = await db.Mailboxes.Include(m => m.Folders).Where(m => m.UserId == userId).OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
        var sameAccount = existing is not null && SameAccount(existing, host, userName);
        string password;
        if (!string.IsNullOrEmpty(input.Password))
        {
            password = input.Password;
        }
        else if (existing is null)
        {
            return MailboxOutcome.Invalid(nameof(MailboxSettings.Password), T("Enter the password (or an app password) of the mailbox."));
        }
        else if (!sameAccount || (input.Security == MailSecurity.None && existing.Security != MailSecurity.None)
                 || !SameOutgoing(existing, outgoing))
        {
            // The saved password goes only where it went before: never to a new server or account, never newly unencrypted.
            return MailboxOutcome.Invalid(nameof(MailboxSettings.Password),
                T("Enter the password again: the saved one is only used with the same server, user name and encryption."));
        }
        else
        {
            try
            {
                password = passwords.Unprotect(existing.ProtectedPassword);
            }
            catch (CryptographicException)
            {
                return MailboxOutcome.Invalid(nameof(MailboxSettings.Password), T("The saved password can no longer be read: enter it again."));
            }
        }

        var server = new MailboxServer(host, input.Port, input.Security, userName, password);
        var listed = await SignInAndListAsync(server, userId, ct);
        if (!listed.Succeeded) return listed;
        var folders = listed.ServerFolders;
        if (outgoing is not null && await TestOutgoingAsync(new OutgoingServer(outgoing.Host!, outgoing.Port, outgoing.Security, userName, password),
                userId, ct) is { } refused)
            return refused;

        List<string> chosen;
        if (input.Folders is { } wanted)
        {
            chosen = [];
            foreach (var name in wanted.Select(n => n.Trim()).Where(n => n.Length > 0))
            {
                if (Match(folders, name) is { } folder) { if (!chosen.Contains(folder.Name)) chosen.Add(folder.Name); }
                else Add(nameof(MailboxSettings.Folders), T("The server has no folder named {0}."), name);
            }
            if (errors.Count == 0 && chosen.Count == 0) Add(nameof(MailboxSettings.Folders), T("Choose at least one folder to sync."));
            if (errors.Count > 0) return MailboxOutcome.Invalid(errors) with { ServerFolders = folders };
        }
        else
        {
            chosen = sameAccount ? existing!.Folders.OrderBy(f => f.Id).Select(f => f.Name).Where(n => folders.Any(f => f.Name == n)).ToList() : [];
            if (chosen.Count == 0) chosen = [.. MailboxServer.DefaultFolders(folders)];
        }

        var mailbox = existing ?? new Mailbox { UserId = userId, CreatedAtUtc = clock.UtcNow };
        if (existing is null) db.Mailboxes.Add(mailbox);
        mailbox.Host = host;
        mailbox.Port = input.Port;
        mailbox.Security = input.Security;
        mailbox.UserName = userName;
        mailbox.ProtectedPassword = passwords.Protect(password);
        mailbox.SmtpHost = outgoing?.Host;
        mailbox.SmtpPort = outgoing?.Port;
        mailbox.SmtpSecurity = outgoing?.Security;
        // The app just signed in: an old problem is solved. Another account's history is not this one's.
        mailbox.Problem = MailboxProblem.None;
        mailbox.ProblemDetail = null;
        mailbox.ConsecutiveFailures = 0;
        if (!sameAccount)
        {
            mailbox.LastAttemptAtUtc = null;
            mailbox.LastSuccessAtUtc = null;
            mailbox.LastMatched = 0;
            mailbox.TotalMatched = 0;
        }
        foreach (var folder in mailbox.Folders.ToList())
        {
            if (!chosen.Contains(folder.Name)) mailbox.Folders.Remove(folder);
            // Another account's folder of the same name is read from the start (the look-back), as a new folder is.
            else if (!sameAccount) (folder.UidValidity, folder.LastUid) = (0, 0);
        }
        foreach (var name in chosen.Where(n => mailbox.Folders.All(f => f.Name != n))) mailbox.Folders.Add(new MailboxFolder { Name = name });
        audit.Record(existing is null ? "mailbox.connected" : "mailbox.changed", nameof(Mailbox), userId ?? "team",
            string.Create(CultureInfo.InvariantCulture,
                $"{host}:{input.Port} {input.Security}, {chosen.Count} folders{(outgoing is null ? "" : $", sending through {outgoing.Host}:{outgoing.Port} {outgoing.Security}")}"));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Mailbox {MailboxId} ({Owner}) saved: {Host}:{Port} {Security}, {Folders} folders", mailbox.Id,
            userId ?? "team", host, input.Port, input.Security, chosen.Count);
        return MailboxOutcome.Saved(mailbox.Id, folders);
    }

    /// <summary>Keeps the server settings and saved password, and syncs these folders (names as the server lists them).</summary>
    public async Task<MailboxOutcome> ChooseFoldersAsync(string? userId, IReadOnlyList<string> folders, CancellationToken ct)
    {
        if (await FindAsync(userId, ct) is not { } mailbox) return MailboxOutcome.Invalid("", T("No mailbox is connected."));
        return await SaveAsync(userId, new MailboxSettings(mailbox.Host, mailbox.Port, mailbox.Security, mailbox.UserName, null, folders, mailbox.Outgoing), ct);
    }

    /// <summary>Signs in with the saved settings and lists the server's folders, to choose from.</summary>
    public async Task<MailboxOutcome> ServerFoldersAsync(string? userId, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.AsNoTracking().Where(m => m.UserId == userId).OrderBy(m => m.Id).FirstOrDefaultAsync(ct);
        if (mailbox is null) return MailboxOutcome.Invalid("", T("No mailbox is connected."));
        string password;
        try
        {
            password = passwords.Unprotect(mailbox.ProtectedPassword);
        }
        catch (CryptographicException)
        {
            return MailboxOutcome.Failed(MailboxProblem.PasswordUnreadable, null);
        }
        var listed = await SignInAndListAsync(new MailboxServer(mailbox.Host, mailbox.Port, mailbox.Security, mailbox.UserName, password), userId, ct);
        return listed.Succeeded ? listed with { MailboxId = mailbox.Id } : listed;
    }

    /// <summary>Removes the mailbox and its folders; the touches it logged stay. False when there was none.</summary>
    public async Task<bool> RemoveAsync(string? userId, CancellationToken ct)
    {
        var ids = await db.Mailboxes.Where(m => m.UserId == userId).Select(m => m.Id).ToListAsync(ct);
        if (ids.Count == 0) return false;
        // Its folders go with it (ON DELETE CASCADE), in the same statement.
        await db.Mailboxes.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(ct);
        await audit.RecordNowAsync("mailbox.removed", nameof(Mailbox), userId ?? "team");
        logger.LogInformation("Mailbox {MailboxId} ({Owner}) removed", ids[0], userId ?? "team");
        return true;
    }

    /// <summary>Signs in and lists the folders; what goes wrong is classified, as the sync does, and never holds the password.</summary>
    private async Task<MailboxOutcome> SignInAndListAsync(MailboxServer server, string? userId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TestTimeout);
        try
        {
            return new MailboxOutcome(null, [], MailboxProblem.None, null, await server.ListFoldersAsync(timeout.Token));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DbUpdateException)
        {
            var (problem, detail) = MailboxProblems.Classify(e);
            logger.LogInformation("Mailbox test for {Owner} on {Host}:{Port} failed: {Problem} ({Error}: {Message})", userId ?? "team",
                server.Host, server.Port, problem, e.GetType().Name, e.Message);
            return MailboxOutcome.Failed(problem, detail);
        }
    }

    /// <summary>The outgoing server as typed, trimmed, or null when none is given; its mistakes go to <paramref name="errors"/>.</summary>
    private static OutgoingSettings? CheckOutgoing(string? userId, OutgoingSettings? input, List<MailboxOutcome.Error> errors)
    {
        var host = input?.Host?.Trim() ?? "";
        if (input is null || host.Length == 0) return null;
        void Add(string field, string message) => errors.Add(new(field, message, []));
        if (userId is null) Add("", T("The team mailbox only reads mail: leave the outgoing server empty."));
        if (host.Length > MaxHostLength) Add(nameof(MailboxForm.SmtpHost), T("The host name can have at most 253 characters."));
        else if (!IsHostName(host)) Add(nameof(MailboxForm.SmtpHost), T("Enter only the host name, like smtp.example.com: no spaces, port or address scheme."));
        if (input.Port is < 1 or > 65535) Add(nameof(MailboxForm.SmtpPort), T("The port must be a number from 1 to 65535."));
        if (!Enum.IsDefined(input.Security)) Add(nameof(MailboxForm.SmtpSecurity), T("Choose the connection security from the list."));
        return input with { Host = host };
    }

    /// <summary>Whether the saved password already went to this outgoing server (or to none, and none is given), never newly unencrypted.</summary>
    private static bool SameOutgoing(Mailbox mailbox, OutgoingSettings? outgoing) =>
        outgoing is null
        || (string.Equals(mailbox.SmtpHost, outgoing.Host, StringComparison.OrdinalIgnoreCase) && mailbox.SmtpPort == outgoing.Port
            && mailbox.SmtpSecurity == outgoing.Security);

    /// <summary>Signs in to the outgoing server once; null when it worked, else the problem in words (nothing is saved).</summary>
    private async Task<MailboxOutcome?> TestOutgoingAsync(OutgoingServer server, string? userId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TestTimeout);
        try
        {
            await transports.TestAsync(server, timeout.Token);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not DbUpdateException)
        {
            var (problem, detail) = MailboxProblems.Classify(e);
            logger.LogInformation("Outgoing server test for {Owner} on {Host}:{Port} failed: {Problem} ({Error}: {Message})", userId ?? "team",
                server.Host, server.Port, problem, e.GetType().Name, e.Message);
            return MailboxOutcome.Failed(problem, detail) with { Outgoing = true };
        }
    }

    private static bool SameAccount(Mailbox mailbox, string host, string userName) =>
        string.Equals(mailbox.Host, host, StringComparison.OrdinalIgnoreCase) && string.Equals(mailbox.UserName, userName, StringComparison.Ordinal);

    /// <summary>A folder by its name on the server, any case, or "Sent" for the folder the server flags <c>\Sent</c>.</summary>
    private static MailboxServer.Folder? Match(IReadOnlyList<MailboxServer.Folder> folders, string name) =>
        folders.FirstOrDefault(f => f.Name == name)
        ?? folders.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? (string.Equals(name, SentAlias, StringComparison.OrdinalIgnoreCase) ? folders.FirstOrDefault(f => f.IsSent) : null);

    /// <summary>A DNS name (Unicode allowed) or an IP address; not a URL, not "host:port".</summary>
    private static bool IsHostName(string host)
    {
        if (IPAddress.TryParse(host, out _)) return true;
        if (host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or ':' or '@' or '[' or ']')) return false;
        try
        {
            return Uri.CheckHostName(new IdnMapping().GetAscii(host)) == UriHostNameType.Dns;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); it is translated where it is shown.</summary>
    private static string T(string english) => english;
}
