namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>Why an undo cannot put everything back: <paramref name="Count"/> rows of <paramref name="Change"/> are elsewhere now.</summary>
/// <param name="Change">A <see cref="ClientMergeChange.Name"/>, or <see cref="KeptMergedAgain"/>, or <see cref="ExternalIdTaken"/>.</param>
public sealed record UndoBlocker(string Change, int Count)
{
    public const string KeptMergedAgain = "kept-merged";
    public const string ExternalIdTaken = "external-id";
}
