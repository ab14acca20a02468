namespace LybuntCrm.Web.Domain;

/// <summary>
/// One client absorbed into another. The absorbed client stays in the database, hidden (<see cref="Client.MergedIntoId"/>),
/// and every row moved is listed in <see cref="ClientMergeRow"/>, so the merge can be undone exactly.
/// </summary>
public class ClientMerge
{
    public int Id { get; set; }
    public int KeptClientId { get; set; }
    public int AbsorbedClientId { get; set; }
    public string? MergedById { get; set; }
    public DateTime MergedAtUtc { get; set; }
    /// <summary>The kept client's own fields before the merge, as JSON (<c>ClientFields</c>), put back by an undo.</summary>
    public string KeptBefore { get; set; } = "";
    /// <summary>The absorbed client's external id, freed at the merge (it is unique) and given back by an undo.</summary>
    public string? AbsorbedExternalId { get; set; }
    public DateTime? UndoneAtUtc { get; set; }
    public string? UndoneById { get; set; }
}
