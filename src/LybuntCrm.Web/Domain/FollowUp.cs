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
    /// <summary>Why, as text: typed by a user, or written in English by an older version. Empty when <see cref="ReasonCode"/> says it.</summary>
    public string Reason { get; set; } = "";
    /// <summary>Why, when the system wrote it: a stable code (<c>FollowUpReasons</c>) rendered in the reader's language.</summary>
    public string? ReasonCode { get; set; }
    /// <summary>The code's values, invariant (ISO dates, "1234.50"), as a JSON array of strings; null when it has none.</summary>
    public string? ReasonArgs { get; set; }
    /// <summary>Identifies what created this follow-up, e.g. "winback:42:2026"; unique so jobs never create it twice.</summary>
    public string SourceKey { get; set; } = "";
    public DateOnly? SnoozedUntil { get; set; }
    /// <summary>Why it was closed, as a user typed it (a dismiss reason).</summary>
    public string? ClosedReason { get; set; }
    /// <summary>Why it was closed, when the system closed it: a stable code such as "recovered", rendered in the reader's language.</summary>
    public string? ClosedReasonCode { get; set; }
    /// <summary>The closing code's values, invariant, as a JSON array of strings.</summary>
    public string? ClosedReasonArgs { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ClosedAtUtc { get; set; }
}
