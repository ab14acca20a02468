namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>What a delivery's last answer says when the receiver gave none; English, shown translated on the page.</summary>
public static class WebhookAnswers
{
    public const string TimedOut = "No answer before the time limit.";
    public const string PrivateAddress = "Not sent: the address points inside the private network.";
    public const string Unreachable = "Could not connect.";
    public const string SecretUnreadable = "Not sent: the signing secret cannot be read (the encryption keys changed).";
}
