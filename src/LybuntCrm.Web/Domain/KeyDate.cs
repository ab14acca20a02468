namespace LybuntCrm.Web.Domain;

/// <summary>A date worth remembering: a birthday, the day a client became one, a delivered project.</summary>
public class KeyDate
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public int? ContactId { get; set; }
    public Contact? Contact { get; set; }
    public KeyDateKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public string? Label { get; set; }
}
