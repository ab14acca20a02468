using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// Every error the outbox records on a message. They are stored in English (the log and the command line read them) and
/// built from these templates, so the Outbox page shows them in the reader's language; a mail server's own answer inside
/// one stays as the server wrote it.
/// </summary>
public static class OutboxErrors
{
    private static readonly MessageTemplates Templates = new();

    public static readonly string Interrupted = T("A send was interrupted; the recipient may receive this message twice.");
    public static readonly string GaveUp = T("Gave up after {0} attempts: {1}");
    public static readonly string ConnectionBroke = T("The connection to the mail server broke: {0}");
    public static readonly string CouldNotConnect = T("Could not connect to the mail server {0}: {1}");
    public static readonly string ServerRefused = T("The mail server answered {0}: {1}");
    public static readonly string NotAnAddress = T("'{0}' is not a valid email address.");
    public static readonly string Bounced = T("The message bounced: {0}");
    public static readonly string TelegramTokenRefused = T("Telegram refused the bot token: {0}");
    public static readonly string TelegramBlocked = T("The manager blocked the bot in Telegram: {0}");
    public static readonly string TelegramRefused = T("Telegram answered {0}: {1}");
    public static readonly string TelegramUnreachable = T("Could not reach Telegram: {0}");

    /// <summary>The English sentence: the template with its values.</summary>
    public static string Format(string template, params object[] values) => MessageTemplates.Format(template, values);

    /// <summary>A stored error in the reader's language.</summary>
    public static string Localize(string? error, IStringLocalizer t, DisplayFormat f) => Templates.Localize(error, t, f);

    /// <summary>Marks an English template: a resource key (found by scripts/i18n-keys.py) that <see cref="Localize"/> knows.</summary>
    private static string T(string template) => Templates.Add(template);
}
