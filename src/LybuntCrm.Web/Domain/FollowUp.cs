namespace LybuntCrm.Web.Domain;

/// <summary>One piece of work on a manager's list.</summary>
public class FollowUp
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    /// <summary>The person the follow-up is about, when there is one (a birthday).</summary>
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public string AssigneeId { get; set; } = "";
    public AppUser? Assignee { get; set; }
    public FollowUpKind Kind { get; set; }
    public DateOnly DueOn { get; set; }
    public DateOnly PlannedOn { get; set; }
    public FollowUpStatus Status { get; set; } = FollowUpStatus.Open;
    public string Reason { get; set; } = "";
    /// <summary>Identifies what created this follow-up, e.g. "winback:42:2026"; unique so jobs never create it twice.</summary>
    public string SourceKey { get; set; } = "";
    public DateOnly? SnoozedUntil { get; set; }
    public string? ClosedReason { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
}
