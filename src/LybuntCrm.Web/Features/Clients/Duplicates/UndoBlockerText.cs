using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>What blocks an undo, as a reader says it: "2 purchases belong to another client now".</summary>
public static class UndoBlockerText
{
    public static string Describe(UndoBlocker blocker, IStringLocalizer t, DisplayFormat f) => blocker.Change switch
    {
        UndoBlocker.KeptMergedAgain => t["this client was itself merged into another since"],
        UndoBlocker.ExternalIdTaken => t["another client uses the external id of the merged one now"],
        var change => t["{0} {1} belong to another client now", f.Number(blocker.Count), What(change, t)],
    };

    private static string What(string change, IStringLocalizer t) => change switch
    {
        "Contacts" => t["contact records"],
        "Purchases" => t["purchase records"],
        "Touchpoints" => t["logged touches"],
        "KeyDates" => t["key-date records"],
        "FollowUps" => t["follow-ups"],
        "Handoffs" => t["hand-off notes"],
        "ProspectReviews" => t["prospect reviews"],
        "StageChanges" => t["stage changes"],
        "RemovedSyncedMessages" => t["removed mailbox messages"],
        "Clients.ReferredById" => t["referred clients"],
        _ => change,
    };
}
