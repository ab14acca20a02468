namespace LybuntCrm.Web.Domain;

/// <summary>
/// One event for one endpoint, in the webhook outbox: written in the transaction of the change it reports, then sent by
/// <c>WebhookSendJob</c>, which claims it as the email outbox claims its messages (<c>ClaimedBy</c>/<c>ClaimedAtUtc</c>).
/// </summary>
public class WebhookDelivery
{
    public const int EventTypeMaxLength = 64;
    public const int AnswerMaxLength = 500;

    public long Id { get; set; }
    public int EndpointId { get; set; }
    /// <summary>The event's id, sent as <c>X-Lybunt-Delivery</c>: a receiver that sees it twice can skip the second.</summary>
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }
    public int Attempts { get; set; }
    public WebhookDeliveryStatus Status { get; set; } = WebhookDeliveryStatus.Pending;
    public int? LastStatusCode { get; set; }
    /// <summary>The start of the receiver's last answer, or why there was none (a timeout, a refused address).</summary>
    public string? LastAnswer { get; set; }
    public DateTime? DeliveredAtUtc { get; set; }
    public DateTime? ClaimedAtUtc { get; set; }
    public string? ClaimedBy { get; set; }
}
