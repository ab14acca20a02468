namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>What a merge does with the rows of one table that point at the absorbed client.</summary>
public enum MergePolicy
{
    /// <summary>The rows go to the kept client, and each is listed for the undo.</summary>
    Move,
    /// <summary>Derived rows, deleted and found again by their job (duplicate pairs).</summary>
    Drop,
    /// <summary>The rows stay with the absorbed client, which is hidden but kept (what a merge itself records).</summary>
    Stay,
}
