using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// A manager's outgoing (SMTP) server, given with their mailbox: what they write in the app is sent through it, signed in
/// with the mailbox's user name and password. Checked by <see cref="MailboxAccounts"/>.
/// </summary>
public sealed record OutgoingSettings(string? Host, int Port, MailSecurity Security);
