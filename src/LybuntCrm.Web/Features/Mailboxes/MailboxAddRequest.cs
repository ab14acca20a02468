namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>What <c>mailbox add</c> was asked to connect, as parsed from its command line (values checked by the handler).</summary>
public sealed record MailboxAddRequest(string User, string Host, int Port, string Security, string UserName, string Password)
{
    public string? Folders { get; init; }
    public string? SmtpHost { get; init; }
    public int? SmtpPort { get; init; }
    public string? SmtpSecurity { get; init; }
}
