using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>A mailbox problem as a sentence for the person who just tried to connect or read the folders.</summary>
public static class MailboxProblemText
{
    /// <summary>The problem in words (<see cref="EnumLabels"/>) and its detail (a folder or the server's answer), isolated.</summary>
    public static string Describe(MailboxProblem problem, string? detail, EnumLabels labels) =>
        string.IsNullOrEmpty(detail) ? labels[problem] : $"{labels[problem]} ({Bidi.Isolate(detail)})";

    /// <summary>Why saving failed: nothing was stored.</summary>
    public static string NotSaved(MailboxProblem problem, string? detail, IStringLocalizer t, EnumLabels labels) =>
        t["Not saved: {0}.", Describe(problem, detail, labels)].Value;

    /// <summary>Why saving failed, saying whether it was the mailbox's server or the outgoing one: nothing was stored.</summary>
    public static string NotSaved(MailboxOutcome outcome, IStringLocalizer t, EnumLabels labels) => outcome.Outgoing
        ? t["Not saved: the outgoing (SMTP) server: {0}.", Describe(outcome.Problem, outcome.ProblemDetail, labels)].Value
        : NotSaved(outcome.Problem, outcome.ProblemDetail, t, labels);

    /// <summary>Why the server's folders could not be listed.</summary>
    public static string NoFolders(MailboxProblem problem, string? detail, IStringLocalizer t, EnumLabels labels) =>
        t["The server's folders could not be read: {0}.", Describe(problem, detail, labels)].Value;
}
