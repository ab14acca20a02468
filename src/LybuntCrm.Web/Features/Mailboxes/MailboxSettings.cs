using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// What a person gives to connect a mailbox. An empty <see cref="Password"/> keeps the saved one; null
/// <see cref="Folders"/> keeps the folders chosen before (or, for a new mailbox, the inbox and the sent folder).
/// <see cref="Outgoing"/> null: no outgoing server (what the manager writes leaves from the app's).
/// </summary>
public sealed record MailboxSettings(string? Host, int Port, MailSecurity Security, string? UserName, string? Password,
    IReadOnlyList<string>? Folders = null, OutgoingSettings? Outgoing = null)
{
    /// <summary>Never the password: a record's generated ToString would print it into a log or an exception.</summary>
    public override string ToString() => $"{Host}:{Port} {Security} {UserName}";
}
