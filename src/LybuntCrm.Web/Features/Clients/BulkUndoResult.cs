namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// What undoing a bulk action did; <see cref="ChangedNames"/> names clients changed since, when it refused for that.
/// <see cref="Action"/> says what was undone, so the message can count follow-ups or clients.
/// </summary>
public sealed record BulkUndoResult(Today.FollowUpUndoResult Result, int Restored, IReadOnlyList<string> ChangedNames, Domain.BulkEditAction? Action = null);
