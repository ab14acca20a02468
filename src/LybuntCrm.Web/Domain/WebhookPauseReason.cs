namespace LybuntCrm.Web.Domain;

public enum WebhookPauseReason
{
    /// <summary>An admin paused it.</summary>
    ByAdmin,
    /// <summary>Every delivery failed for a day.</summary>
    Failing,
}
