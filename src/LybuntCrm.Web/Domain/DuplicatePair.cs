namespace LybuntCrm.Web.Domain;

/// <summary>
/// Two clients that look like one, as the last duplicate scan found them (ClientAId &lt; ClientBId). Derived: the nightly
/// scan replaces the whole list, so nothing here is ever edited by hand.
/// </summary>
public class DuplicatePair
{
    public int ClientAId { get; set; }
    public int ClientBId { get; set; }
    /// <summary>0–100, by <see cref="DuplicateScore"/>.</summary>
    public int Score { get; set; }
    public DuplicateReasons Reasons { get; set; }
    /// <summary>How alike the names are after folding, 0–100 (<see cref="ClientNames.Similarity"/>).</summary>
    public int NameSimilarity { get; set; }
    public DateTime FoundAtUtc { get; set; }
}
