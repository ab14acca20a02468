using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>A connected mailbox as the pages and <c>mailbox list</c> show it: where it is, what is synced and how syncing goes. Never the password.</summary>
public sealed record MailboxSummary(
    int Id, string? UserId, string? OwnerName, string? OwnerEmail, string Host, int Port, MailSecurity Security, string UserName,
    IReadOnlyList<string> Folders, DateTime? LastAttemptAtUtc, DateTime? LastSuccessAtUtc, int LastMatched, int TotalMatched,
    MailboxProblem Problem, string? ProblemDetail, int ConsecutiveFailures, string? SmtpHost = null, int? SmtpPort = null,
    MailSecurity? SmtpSecurity = null)
{
    public bool IsTeamMailbox => UserId is null;

    /// <summary>The outgoing server the manager's messages are sent through; null: the app's.</summary>
    public OutgoingSettings? Outgoing => SmtpHost is null ? null
        : new OutgoingSettings(SmtpHost, SmtpPort ?? Infrastructure.Email.OutgoingServer.DefaultPort(SmtpSecurity ?? MailSecurity.StartTls),
            SmtpSecurity ?? MailSecurity.StartTls);
}
