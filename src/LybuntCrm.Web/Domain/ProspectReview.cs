namespace LybuntCrm.Web.Domain;

/// <summary>A recorded decision about a prospect that showed warning signals.</summary>
public class ProspectReview
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public string ReviewerId { get; set; } = "";
    public AppUser? Reviewer { get; set; }
    public DateTime DecidedAtUtc { get; set; }
    /// <summary>The business day of the decision (from the clock's today); the disqualified report counts days to it.</summary>
    public DateOnly DecidedOn { get; set; }
    /// <summary>The signals found, with their evidence, as JSON.</summary>
    public string SignalsJson { get; set; } = "[]";
    public ReviewDecision Decision { get; set; }
    public DisqualifyReason? Reason { get; set; }
    public string? Note { get; set; }
    public DateOnly? RevisitOn { get; set; }
    /// <summary>Signals found are not raised again before this date (keep pursuing).</summary>
    public DateOnly? SilencedUntil { get; set; }
}
