namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>What a merge or an undo did: the merge's id, or why nothing happened.</summary>
public sealed record MergeOutcome(MergeRefusal Refusal, int MergeId = 0, IReadOnlyList<UndoBlocker>? Blockers = null)
{
    public bool Succeeded => Refusal == MergeRefusal.None;

    public static MergeOutcome Refused(MergeRefusal why) => new(why);
}
