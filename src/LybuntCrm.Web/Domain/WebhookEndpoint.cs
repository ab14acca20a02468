namespace LybuntCrm.Web.Domain;

/// <summary>
/// An address an admin registered to receive events. The signing secret is kept encrypted with Data Protection (it must
/// be read back to sign) and shown only once, when the endpoint is made.
/// </summary>
public class WebhookEndpoint
{
    public const int UrlMaxLength = 2000;
    public const int EventsMaxLength = 500;

    public int Id { get; set; }
    public string Url { get; set; } = "";
    /// <summary>The event types it receives, comma-separated (such as <c>client.created,purchase.recorded</c>).</summary>
    public string Events { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? PausedAtUtc { get; set; }
    public WebhookPauseReason? PauseReason { get; set; }
    /// <summary>When the first failed attempt since the last success was made; null while deliveries succeed.</summary>
    public DateTime? FailingSinceUtc { get; set; }

    public IReadOnlyList<string> EventList => Events.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
