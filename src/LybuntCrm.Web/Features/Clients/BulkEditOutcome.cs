namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// What a bulk action did: <see cref="Changed"/> clients (and the Undo token), or why it stopped — an invalid value
/// (<see cref="Error"/>), or clients the user may not change that need a confirmation to be left out.
/// </summary>
public sealed record BulkEditOutcome(int Changed, string? Token, string? Error, int RefusedCount, IReadOnlyList<string> RefusedNames)
{
    public bool NeedsConfirmation => Error is null && Token is null && RefusedCount > 0;

    public static BulkEditOutcome Invalid(string error) => new(0, null, error, 0, []);
}
