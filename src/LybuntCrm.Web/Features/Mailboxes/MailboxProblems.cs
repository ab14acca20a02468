using System.Net.Sockets;
using System.Security.Cryptography;
using LybuntCrm.Web.Domain;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>Turns what went wrong talking to a mailbox server into a problem a manager can read and act on.</summary>
public static class MailboxProblems
{
    public static (MailboxProblem Problem, string? Detail) Classify(Exception e) => e switch
    {
        AuthenticationException => (MailboxProblem.PasswordRefused, null),
        SslHandshakeException => (MailboxProblem.CertificateNotTrusted, null),
        FolderNotFoundException f => (MailboxProblem.FolderMissing, f.FolderName),
        CryptographicException => (MailboxProblem.PasswordUnreadable, null),
        SocketException or IOException or TimeoutException or OperationCanceledException or ServiceNotConnectedException
            or ImapProtocolException => (MailboxProblem.Unreachable, null),
        ImapCommandException c => (MailboxProblem.ServerError, Shorten(c.ResponseText)),
        // The outgoing server, tested before its settings are saved.
        SmtpProtocolException => (MailboxProblem.Unreachable, null),
        SmtpCommandException c => (MailboxProblem.ServerError, Shorten($"{(int)c.StatusCode} {c.Message}")),
        NotSupportedException n => (MailboxProblem.ServerError, Shorten(n.Message)),
        _ => (MailboxProblem.ServerError, e.GetType().Name),
    };

    private static string? Shorten(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : new string(text.Where(ch => !char.IsControl(ch)).Take(200).ToArray());
}
