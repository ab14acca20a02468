namespace LybuntCrm.Web.Features.Today;

/// <summary>What an Undo did, or why it did nothing.</summary>
public enum FollowUpUndoResult { Undone, NotFound, AlreadyUndone, TooLate, Changed }
