using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>What an Undo of a Today action did, as Today and the client's timeline both say it.</summary>
public static class FollowUpUndoText
{
    public static string Describe(FollowUpUndoResult result, IStringLocalizer t, DisplayFormat f) => result switch
    {
        FollowUpUndoResult.Undone => t["Undone: the follow-up is back as it was and the touch is removed."],
        FollowUpUndoResult.AlreadyUndone => t["That was already undone."],
        FollowUpUndoResult.TooLate => t["Too late to undo: an action can be undone for {0} minutes.", f.Number((int)FollowUpUndo.Window.TotalMinutes)],
        FollowUpUndoResult.Changed => t["Not undone: the client changed since (another touch, a purchase or a reassignment). Nothing was changed."],
        _ => t["There is nothing to undo."],
    };
}
