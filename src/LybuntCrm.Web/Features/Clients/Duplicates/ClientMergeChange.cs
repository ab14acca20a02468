namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// One foreign key to the client table and what a merge does with it. <see cref="ClientMerger"/> moves rows by this table
/// and a test checks that every foreign key of the model is in it, so a new table pointing at clients is not forgotten.
/// </summary>
/// <param name="Table">The table, as the model names it.</param>
/// <param name="Column">The column holding the client id.</param>
/// <param name="Unmovable">SQL that is true for a row that cannot move (alias t for the row, {1} the kept client's id):
/// it would collide with a unique row of the kept client, and stays behind.</param>
public sealed record ClientMergeChange(string Table, string Column, MergePolicy Policy, string? Unmovable = null)
{
    public static readonly IReadOnlyList<ClientMergeChange> All =
    [
        new("Contacts", "ClientId", MergePolicy.Move),
        new("Purchases", "ClientId", MergePolicy.Move),
        // A message synced for both clients is one touch per client (a unique index): the kept client already has it.
        new("Touchpoints", "ClientId", MergePolicy.Move,
            "t.\"MessageKey\" IS NOT NULL AND EXISTS (SELECT 1 FROM \"Touchpoints\" k WHERE k.\"ClientId\" = {1} AND k.\"MessageKey\" = t.\"MessageKey\")"),
        new("KeyDates", "ClientId", MergePolicy.Move),
        new("FollowUps", "ClientId", MergePolicy.Move),
        new("Handoffs", "ClientId", MergePolicy.Move),
        new("ProspectReviews", "ClientId", MergePolicy.Move),
        new("StageChanges", "ClientId", MergePolicy.Move),
        new("RemovedSyncedMessages", "ClientId", MergePolicy.Move,
            "EXISTS (SELECT 1 FROM \"RemovedSyncedMessages\" k WHERE k.\"ClientId\" = {1} AND k.\"MessageKey\" = t.\"MessageKey\")"),
        // A tag both clients have is one tag on the kept client: the absorbed client's copy stays behind.
        new("ClientTags", "ClientId", MergePolicy.Move,
            "EXISTS (SELECT 1 FROM \"ClientTags\" k WHERE k.\"ClientId\" = {1} AND k.\"TagId\" = t.\"TagId\")"),
        // Clients the absorbed one referred were referred by the kept one.
        new("Clients", "ReferredById", MergePolicy.Move, "t.\"Id\" = {1}"),
        new("DuplicatePairs", "ClientAId", MergePolicy.Drop),
        new("DuplicatePairs", "ClientBId", MergePolicy.Drop),
        // The absorbed client keeps its marks for the undo; the merger copies them to the kept client (ClientMerger.NotSameCarried).
        new("NotDuplicatePairs", "ClientAId", MergePolicy.Stay),
        new("NotDuplicatePairs", "ClientBId", MergePolicy.Stay),
        new("ClientMerges", "KeptClientId", MergePolicy.Stay),
        new("ClientMerges", "AbsorbedClientId", MergePolicy.Stay),
        new("Clients", "MergedIntoId", MergePolicy.Stay),
        // What Today's undo restores is the absorbed client's own past: it stays with it, and a merge since refuses that undo.
        new("FollowUpUndos", "ClientId", MergePolicy.Stay),
    ];

    /// <summary>The name of the change in <see cref="Domain.ClientMergeRow.Change"/>.</summary>
    public string Name => Column == "ClientId" ? Table : Table + "." + Column;
}
