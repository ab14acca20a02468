namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>Why a merge or its undo did not happen (<see cref="None"/>: it did).</summary>
public enum MergeRefusal
{
    None,
    SameClient,
    NotFound,
    AlreadyMerged,
    NotAllowed,
    /// <summary>Another change to one of the two clients got there first.</summary>
    Raced,
    AlreadyUndone,
    /// <summary>The undo cannot put everything back (<see cref="MergeOutcome.Blockers"/> says what).</summary>
    Blocked,
}
