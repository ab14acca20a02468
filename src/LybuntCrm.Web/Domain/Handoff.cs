namespace LybuntCrm.Web.Domain;

/// <summary>The note that travels with a client when its owner changes.</summary>
public class Handoff
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public string FromUserId { get; set; } = "";
    public AppUser? FromUser { get; set; }
    public string ToUserId { get; set; } = "";
    public AppUser? ToUser { get; set; }
    public string Note { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? AcknowledgedAtUtc { get; set; }
}
