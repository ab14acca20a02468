namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>What a delivery's last answer says when the receiver gave none; English, shown translated on the page.</summary>
public static class WebhookAnswers
{
    public static readonly string TimedOut = T("No answer before the time limit.");
    public static readonly string PrivateAddress = T("Not sent: the address points inside the private network.");
    public static readonly string Unreachable = T("Could not connect.");
    public static readonly string SecretUnreadable = T("Not sent: the signing secret cannot be read (the encryption keys changed).");

    /// <summary>Marks English text as a resource key (found by scripts/i18n-keys.py); it is translated where it is shown.</summary>
    private static string T(string english) => english;
}
