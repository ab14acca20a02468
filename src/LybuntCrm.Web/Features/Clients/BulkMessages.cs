using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>What a bulk action and its undo say, wherever they were taken.</summary>
public static class BulkMessages
{
    /// <summary>The TempData key of the Undo token the banner offers.</summary>
    public const string UndoKey = "BulkUndo";

    public static string Done(IStringLocalizer t, DisplayFormat f, BulkForm form, int changed, string newOwnerName) => form.Action switch
    {
        BulkEditAction.SetCadence => t["Set the check-in cadence of {0} clients to {1} days.", f.Number(changed), f.Number(form.CadenceDays ?? 0)],
        BulkEditAction.SetChannel => t["Set the preferred channel of {0} clients to {1}.", f.Number(changed), EnumLabels.Label(t, form.Channel!.Value)],
        BulkEditAction.DoNotContact => t["Marked {0} clients do-not-contact.", f.Number(changed)],
        BulkEditAction.SetStage => t["Moved {0} clients to the stage {1}.", f.Number(changed), EnumLabels.Label(t, form.Stage!.Value)],
        BulkEditAction.LetGo => t["Let {0} clients go. The reason is kept with each client.", f.Number(changed)],
        BulkEditAction.Disqualify => t["Disqualified {0} prospects ({1}); their open follow-ups were dismissed.", f.Number(changed), EnumLabels.Label(t, form.Why!.Value)],
        BulkEditAction.SnoozeFollowUps => t["Snoozed {0} follow-ups until {1}.", f.Number(changed), f.Date(form.Until!.Value)],
        BulkEditAction.DismissFollowUps => t["Dismissed {0} follow-ups.", f.Number(changed)],
        BulkEditAction.AddTag => t["Tagged {0} clients {1}.", f.Number(changed), TagNames.Clean(form.Tag) ?? ""],
        BulkEditAction.RemoveTag => t["Took the tag {1} off {0} clients.", f.Number(changed), TagNames.Clean(form.Tag) ?? ""],
        _ => t["Reassigned {0} clients to {1}.", f.Number(changed), newOwnerName],
    };

    public static string Undone(IStringLocalizer t, DisplayFormat f, BulkUndoResult undone) => undone.Result switch
    {
        FollowUpUndoResult.Undone when undone.Action is { } a && BulkStatusEdits.IsFollowUpAction(a) =>
            t["Undone: {0} follow-ups are back as they were.", f.Number(undone.Restored)],
        FollowUpUndoResult.Undone => t["Undone: {0} clients are back as they were.", f.Number(undone.Restored)],
        FollowUpUndoResult.AlreadyUndone => t["That was already undone."],
        FollowUpUndoResult.TooLate => t["Too late to undo: an action can be undone for {0} minutes.", f.Number((int)BulkEdit.Window.TotalMinutes)],
        FollowUpUndoResult.Changed => t["Not undone: these clients were changed since: {0}. Nothing was changed.", string.Join(", ", undone.ChangedNames)],
        _ => t["There is nothing to undo."],
    };
}
