using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// What came of saving a mailbox or asking its server for its folders: the mailbox saved, or the mistakes in what was typed
/// (English message keys with their arguments, translated where they are shown), or the problem the server had (shown
/// with its words from <c>EnumLabels</c>). When it did not succeed, nothing was saved. <see cref="Outgoing"/>: the problem
/// was the outgoing (SMTP) server's, not the mailbox's.
/// </summary>
public sealed record MailboxOutcome(int? MailboxId, IReadOnlyList<MailboxOutcome.Error> Errors, MailboxProblem Problem, string? ProblemDetail,
    IReadOnlyList<MailboxServer.Folder> ServerFolders, bool Outgoing = false)
{
    /// <summary>A mistake in one field (<c>nameof(MailboxSettings.Host)</c>, …; empty for the whole form).</summary>
    public sealed record Error(string Field, string Message, object[] Args);

    public bool Succeeded => Errors.Count == 0 && Problem == MailboxProblem.None;

    public static MailboxOutcome Saved(int mailboxId, IReadOnlyList<MailboxServer.Folder> folders) => new(mailboxId, [], MailboxProblem.None, null, folders);

    public static MailboxOutcome Invalid(IReadOnlyList<Error> errors) => new(null, errors, MailboxProblem.None, null, []);

    public static MailboxOutcome Invalid(string field, string message, params object[] args) => Invalid([new Error(field, message, args)]);

    public static MailboxOutcome Failed(MailboxProblem problem, string? detail) => new(null, [], problem, detail, []);
}
