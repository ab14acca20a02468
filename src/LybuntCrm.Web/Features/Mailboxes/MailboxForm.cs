using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>The server settings form of the Mailbox page and of the team mailbox on the admin page (checked by <see cref="MailboxAccounts"/>).</summary>
public sealed class MailboxForm
{
    [Display(Name = "IMAP server")]
    public string? Host { get; set; }

    [Display(Name = "Port")]
    public int Port { get; set; } = 993;

    [Display(Name = "Security")]
    public MailSecurity Security { get; set; } = MailSecurity.SslOnConnect;

    [Display(Name = "User name")]
    public string? UserName { get; set; }

    /// <summary>Posted only: the form never shows it again, and empty keeps the saved one.</summary>
    [Display(Name = "Password")]
    public string? Password { get; set; }

    /// <summary>A manager's outgoing server (Account → Mailbox only); empty: messages leave from the app's server.</summary>
    [Display(Name = "Outgoing (SMTP) server")]
    public string? SmtpHost { get; set; }

    [Display(Name = "Port")]
    public int SmtpPort { get; set; } = 587;

    [Display(Name = "Security")]
    public MailSecurity SmtpSecurity { get; set; } = MailSecurity.StartTls;

    public static MailboxForm From(MailboxSummary? mailbox) => mailbox is null
        ? new MailboxForm()
        : new MailboxForm
        {
            Host = mailbox.Host,
            Port = mailbox.Port,
            Security = mailbox.Security,
            UserName = mailbox.UserName,
            SmtpHost = mailbox.Outgoing?.Host,
            SmtpPort = mailbox.Outgoing?.Port ?? 587,
            SmtpSecurity = mailbox.Outgoing?.Security ?? MailSecurity.StartTls,
        };

    public MailboxSettings ToSettings() => new(Host, Port, Security, UserName, Password,
        Outgoing: string.IsNullOrWhiteSpace(SmtpHost) ? null : new OutgoingSettings(SmtpHost, SmtpPort, SmtpSecurity));

    /// <summary>Puts the service's mistakes next to their fields (under <paramref name="prefix"/>), in English keys the page filter translates.</summary>
    public static void AddErrors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, string prefix, MailboxOutcome outcome,
        Microsoft.Extensions.Localization.IStringLocalizer t)
    {
        foreach (var error in outcome.Errors)
        {
            var key = error.Field.Length == 0 || error.Field == nameof(MailboxSettings.Folders) ? "" : prefix + "." + error.Field;
            modelState.AddModelError(key, t[error.Message, error.Args].Value);
        }
    }
}
