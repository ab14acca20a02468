namespace LybuntCrm.Web.Domain;

/// <summary>Two clients a person said are not the same (ClientAId &lt; ClientBId): the scan never proposes them again.</summary>
public class NotDuplicatePair
{
    public int ClientAId { get; set; }
    public int ClientBId { get; set; }
    public string? MarkedById { get; set; }
    public DateTime MarkedAtUtc { get; set; }
}
