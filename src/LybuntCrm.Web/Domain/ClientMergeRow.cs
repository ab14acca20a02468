namespace LybuntCrm.Web.Domain;

/// <summary>
/// A row a merge changed: moved from the absorbed to the kept client, or changed on the way (a contact no longer primary,
/// an open follow-up closed as a second of its kind). <see cref="Previous"/> holds what the undo puts back, when needed.
/// </summary>
public class ClientMergeRow
{
    public int MergeId { get; set; }
    /// <summary>What was done to which table (<c>ClientMergeChange</c>): "Purchases", "FollowUps.Closed", …</summary>
    public string Change { get; set; } = "";
    public long RowId { get; set; }
    public string? Previous { get; set; }
}
