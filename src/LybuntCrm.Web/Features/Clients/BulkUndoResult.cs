namespace LybuntCrm.Web.Features.Clients;

/// <summary>What undoing a bulk action did; <see cref="ChangedNames"/> names clients changed since, when it refused for that.</summary>
public sealed record BulkUndoResult(Today.FollowUpUndoResult Result, int Restored, IReadOnlyList<string> ChangedNames);
