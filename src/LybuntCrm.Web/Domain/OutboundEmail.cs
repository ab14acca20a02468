namespace LybuntCrm.Web.Domain;

/// <summary>A message in the outbox; unique per recipient, kind and date so it is written once.</summary>
public class OutboundEmail
{
    public int Id { get; set; }
    /// <summary>Email, or a Telegram message (then <see cref="Recipient"/> is the chat id and <see cref="HtmlBody"/> its text).</summary>
    public OutboxChannel Channel { get; set; } = OutboxChannel.Email;
    /// <summary>For a Telegram message: its inline keyboard, as the Bot API's JSON.</summary>
    public string? ReplyMarkup { get; set; }
    public string Recipient { get; set; } = "";
    public string? RecipientName { get; set; }
    public string Kind { get; set; } = "";
    public DateOnly ForDate { get; set; }
    public string Subject { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string TextBody { get; set; } = "";
    public EmailStatus Status { get; set; } = EmailStatus.Pending;
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string MessageId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }
    public DateTime? ClaimedAtUtc { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>How many times the server accepted this message; more than one is a recorded duplicate.</summary>
    public int DeliveryCount { get; set; }
    /// <summary>For a message a manager wrote to a client: who wrote it, to whom, and what it answered.</summary>
    public string? SentByUserId { get; set; }
    public string? ReplyTo { get; set; }
    public int? ClientId { get; set; }
    public int? ContactId { get; set; }
    public int? FollowUpId { get; set; }
}
