namespace LybuntCrm.Web.Domain;

/// <summary>Who did what to which record, when (UTC). Never holds personal data bodies.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string? UserEmail { get; set; }
    public string Action { get; set; } = "";
    public string? EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Detail { get; set; }
}
