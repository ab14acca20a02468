using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// A manager's own outgoing (SMTP) server, signed in to with the same user name and password as their mailbox, so that
/// what they write in the app leaves from their own address.
/// </summary>
public sealed record OutgoingServer(string Host, int Port, MailSecurity Security, string UserName, string Password)
{
    /// <summary>The usual port for a security when none was given: 465 for TLS from the start, 587 for STARTTLS, 25 without.</summary>
    public static int DefaultPort(MailSecurity security) => security switch
    {
        MailSecurity.SslOnConnect => 465,
        MailSecurity.StartTls => 587,
        _ => 25,
    };

    /// <summary>The same server as app-wide settings, so one SMTP client serves both.</summary>
    public SmtpOptions ToOptions() => new()
    {
        Host = Host,
        Port = Port,
        Security = Security switch
        {
            MailSecurity.SslOnConnect => nameof(SmtpSecurity.SslOnConnect),
            MailSecurity.StartTls => nameof(SmtpSecurity.StartTls),
            _ => nameof(SmtpSecurity.None),
        },
        User = UserName,
        Password = Password,
    };

    /// <summary>Never the password: a record's generated ToString would print it into a log or an exception.</summary>
    public override string ToString() => $"{Host}:{Port} {Security} {UserName}";
}
