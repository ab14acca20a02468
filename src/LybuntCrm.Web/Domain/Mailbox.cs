namespace LybuntCrm.Web.Domain;

/// <summary>
/// A mailbox read over IMAP: a manager's own (<see cref="UserId"/> set) or the team's (null), which receives what managers
/// forward or BCC. Its health (last success, matches, the last problem) is kept here so that a failure is never silent.
/// </summary>
public class Mailbox
{
    public const int ConsecutiveFailuresReported = 3;

    public int Id { get; set; }
    /// <summary>The manager whose mailbox this is; null for the team mailbox.</summary>
    public string? UserId { get; set; }
    public AppUser? User { get; set; }
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public MailSecurity Security { get; set; }
    public string UserName { get; set; } = "";
    /// <summary>The password encrypted with Data Protection; never shown again and never logged.</summary>
    public string ProtectedPassword { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>Where mail the manager writes in the app is sent from, with the same user name and password; null: the app's server.</summary>
    public string? SmtpHost { get; set; }
    public int? SmtpPort { get; set; }
    public MailSecurity? SmtpSecurity { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }
    public DateTime? LastSuccessAtUtc { get; set; }
    /// <summary>Messages that became touches in the last successful sync, and in all syncs.</summary>
    public int LastMatched { get; set; }
    public int TotalMatched { get; set; }
    public MailboxProblem Problem { get; set; }
    /// <summary>The folder or server detail of the problem, shown with its words (no secrets: never the password).</summary>
    public string? ProblemDetail { get; set; }
    public int ConsecutiveFailures { get; set; }
    /// <summary>A sync holds the mailbox until this time, so that two instances never read it at once.</summary>
    public DateTime? SyncLeaseUntilUtc { get; set; }

    public List<MailboxFolder> Folders { get; set; } = [];

    public bool IsTeamMailbox => UserId is null;
}
