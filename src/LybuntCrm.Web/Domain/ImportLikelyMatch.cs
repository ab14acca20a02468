namespace LybuntCrm.Web.Domain;

/// <summary>
/// A row of a client import that looks like one or more existing clients, as the dry run found it, and what the importer
/// chose to do with it; the real run reads the choice. Kept with the run until the run is removed.
/// </summary>
public class ImportLikelyMatch
{
    public int ImportRunId { get; set; }
    /// <summary>The row's number in the file, as the run's notes count rows.</summary>
    public int Row { get; set; }
    /// <summary>The client name the row gives.</summary>
    public string Name { get; set; } = "";
    public ImportMatchChoice Choice { get; set; }
    /// <summary>
    /// The client an Update choice updates: one of the matches. Not a foreign key: the client may be merged or removed
    /// before the commit, and the real run then fails the row with a message instead of losing the choice.
    /// </summary>
    public int? UpdateClientId { get; set; }
    /// <summary>The existing clients the row looks like, best first (<c>LikelyMatches.Match</c> as JSON).</summary>
    public string MatchesJson { get; set; } = "[]";
}
