namespace LybuntCrm.Web.Domain;

/// <summary>A move of a client from one lifecycle stage to another; shown on the timeline and counted by the funnel.</summary>
public class StageChange
{
    public long Id { get; set; }
    public int ClientId { get; set; }
    public Client? Client { get; set; }
    public LifecycleStage From { get; set; }
    public LifecycleStage To { get; set; }
    public DateTime AtUtc { get; set; }
    /// <summary>Who moved it; null when the app did (a first purchase).</summary>
    public string? UserId { get; set; }
}
