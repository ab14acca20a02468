using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>
/// What the shared bulk bar (<c>_BulkBar</c>) shows on a page: where it posts, the actions that make sense there, the
/// "all that match" label (null where the page shows everything at once), the page's filter as hidden fields, and after a
/// refused submission the values to show again with the ticked rows.
/// </summary>
public sealed record BulkBar(string PostTo, IReadOnlyList<BulkEditAction> Actions, IReadOnlyList<BulkBar.Person> ActiveUsers, string? AllLabel,
    IReadOnlyDictionary<string, string?> Hidden, BulkForm? Form = null)
{
    public sealed record Person(string Id, string Name);

    /// <summary>Every action, as the client list offers them.</summary>
    public static readonly IReadOnlyList<BulkEditAction> ClientListActions =
    [
        BulkEditAction.SetCadence, BulkEditAction.SetChannel, BulkEditAction.SetStage, BulkEditAction.DoNotContact, BulkEditAction.LetGo,
        BulkEditAction.SnoozeFollowUps, BulkEditAction.DismissFollowUps, BulkEditAction.Reassign, BulkEditAction.AddTag, BulkEditAction.RemoveTag,
    ];

    /// <summary>
    /// The actions that make sense on each of the other lists. Today puts work off or closes it (Done logs a touch with
    /// each client, which only the user who spoke to them can say); reassigning from Today is an admin's.
    /// </summary>
    public static IReadOnlyList<BulkEditAction> ActionsOn(BulkOrigin origin, bool admin) => origin switch
    {
        BulkOrigin.Today => admin
            ? [BulkEditAction.SnoozeFollowUps, BulkEditAction.DismissFollowUps, BulkEditAction.Reassign]
            : [BulkEditAction.SnoozeFollowUps, BulkEditAction.DismissFollowUps],
        BulkOrigin.Lybunt => [BulkEditAction.LetGo, BulkEditAction.SnoozeFollowUps, BulkEditAction.Reassign, BulkEditAction.SetCadence,
            BulkEditAction.DoNotContact],
        BulkOrigin.Prospects => [BulkEditAction.SetStage, BulkEditAction.Disqualify, BulkEditAction.Reassign],
        _ => ClientListActions,
    };
}
