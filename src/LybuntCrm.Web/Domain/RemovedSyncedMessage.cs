namespace LybuntCrm.Web.Domain;

/// <summary>A synced message a manager deleted from a client's timeline: a later sync never brings it back.</summary>
public class RemovedSyncedMessage
{
    public int Id { get; set; }
    public int ClientId { get; set; }
    public string MessageKey { get; set; } = "";
    public DateTime RemovedAtUtc { get; set; }
}
