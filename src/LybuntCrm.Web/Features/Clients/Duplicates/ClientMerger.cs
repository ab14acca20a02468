using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Merges one client into another, and undoes a merge. Everything that points at the absorbed client moves to the kept
/// one by <see cref="ClientMergeChange.All"/>, each moved row listed in <see cref="ClientMergeRow"/>; the absorbed client
/// stays, hidden, so an undo moves exactly those rows back. The derived facts of both follow through
/// <see cref="ClientChanges.ClientsMergedAsync"/> in the same transaction.
/// </summary>
public sealed class ClientMerger(CrmDbContext db, ClientChanges changes, Audit audit, IClock clock)
{
    public const string PrimaryCleared = "Contacts.Primary";
    public const string FollowUpClosed = "FollowUps.Closed";
    public const string AuditHistory = "AuditEvents";
    public const string NotSameCarried = "NotDuplicatePairs.Carried";

    public async Task<MergeOutcome> MergeAsync(int keepId, int absorbId, IReadOnlySet<string> takeFromAbsorbed, ClaimsPrincipal user,
        CancellationToken ct = default)
    {
        if (keepId == absorbId) return MergeOutcome.Refused(MergeRefusal.SameClient);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await LockAsync(keepId, absorbId, ct);
                var (kept, absorbed) = await LoadAsync(keepId, absorbId, ct);
                if (kept is null || absorbed is null) return MergeOutcome.Refused(MergeRefusal.NotFound);
                if (kept.MergedIntoId is not null || absorbed.MergedIntoId is not null) return MergeOutcome.Refused(MergeRefusal.AlreadyMerged);
                if (!user.CanChangeClientOwnedBy(kept.OwnerId) || !user.CanChangeClientOwnedBy(absorbed.OwnerId))
                    return MergeOutcome.Refused(MergeRefusal.NotAllowed);

                var before = ClientFields.Of(kept);
                var after = before.Taking(ClientFields.Of(absorbed), takeFromAbsorbed);
                // A client is not its own referrer.
                if (after.ReferredById == absorbId || after.ReferredById == keepId) after = after with { ReferredById = null };
                var merge = new ClientMerge
                {
                    KeptClientId = keepId,
                    AbsorbedClientId = absorbId,
                    MergedById = user.Id(),
                    MergedAtUtc = clock.UtcNow,
                    KeptBefore = JsonSerializer.Serialize(before),
                    AbsorbedExternalId = absorbed.ExternalId,
                };
                db.ClientMerges.Add(merge);
                // The external id is unique: the absorbed client lets go of it before the kept one may take it.
                absorbed.ExternalId = null;
                absorbed.MergedIntoId = keepId;
                absorbed.SearchText = "";
                await db.SaveChangesAsync(ct);
                after.ApplyTo(kept);
                await db.SaveChangesAsync(ct);

                await ClearSecondPrimaryAsync(merge.Id, keepId, absorbId, ct);
                foreach (var change in ClientMergeChange.All.Where(c => c.Policy == MergePolicy.Move))
                    await MoveAsync(merge.Id, change, absorbId, keepId, ct);
                await MoveAuditHistoryAsync(merge.Id, absorbId, keepId, ct);
                await CloseSecondOpenItemsAsync(merge.Id, keepId, ct);
                await db.DuplicatePairs.Where(p => p.ClientAId == absorbId || p.ClientBId == absorbId).ExecuteDeleteAsync(ct);
                await CarryNotSameMarksAsync(merge.Id, keepId, absorbId, ct);

                await ClientAccess.RefreshSearchTextAsync(db, keepId, ct);
                audit.Record("client.merged", nameof(Client), keepId, $"client {absorbId} merged into client {keepId}", user);
                await db.SaveChangesAsync(ct);
                var open = await OpenItemsAsync(keepId, ct);
                await changes.ClientsMergedAsync([keepId], ct);
                await ListClosedByPipelineAsync(merge.Id, open, ct);
                return new MergeOutcome(MergeRefusal.None, merge.Id);
            }, ct);
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            // Two merges of the same clients at once: the database refused the second (a lock or a unique key).
            return MergeOutcome.Refused(MergeRefusal.Raced);
        }
    }

    public async Task<MergeOutcome> UndoAsync(int mergeId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var ids = await db.ClientMerges.AsNoTracking().Where(m => m.Id == mergeId)
            .Select(m => new { m.KeptClientId, m.AbsorbedClientId }).FirstOrDefaultAsync(ct);
        if (ids is null) return MergeOutcome.Refused(MergeRefusal.NotFound);
        var (keepId, absorbId) = (ids.KeptClientId, ids.AbsorbedClientId);
        try
        {
            return await db.InTransactionAsync(async () =>
            {
                await LockAsync(keepId, absorbId, ct);
                var merge = await db.ClientMerges.FirstAsync(m => m.Id == mergeId, ct);
                if (merge.UndoneAtUtc is not null) return MergeOutcome.Refused(MergeRefusal.AlreadyUndone);
                var (kept, absorbed) = await LoadAsync(keepId, absorbId, ct);
                if (kept is null || absorbed is null) return MergeOutcome.Refused(MergeRefusal.NotFound);
                if (!user.CanChangeClientOwnedBy(kept.OwnerId) || !user.CanChangeClientOwnedBy(absorbed.OwnerId))
                    return MergeOutcome.Refused(MergeRefusal.NotAllowed);

                var blockers = await BlockersAsync(merge, kept, ct);
                if (blockers.Count > 0) return new MergeOutcome(MergeRefusal.Blocked, mergeId, blockers);

                foreach (var change in ClientMergeChange.All.Where(c => c.Policy == MergePolicy.Move))
                    await ExecAsync(
                        $"UPDATE \"{change.Table}\" SET \"{change.Column}\" = {{0}} WHERE \"{change.Column}\" = {{1}} AND {MovedBy("\"Id\"")}",
                        [absorbId, keepId, mergeId, change.Name], ct);
                await ExecAsync(
                    $"UPDATE \"AuditEvents\" SET \"EntityId\" = {{0}} WHERE \"EntityId\" = {{1}} AND {MovedBy("\"Id\"")}",
                    [Text(absorbId), Text(keepId), mergeId, AuditHistory], ct);
                var primaries = Changed(mergeId, PrimaryCleared);
                await db.Contacts.Where(c => primaries.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPrimary, true), ct);
                await ReopenClosedItemsAsync(mergeId, ct);
                await DropCarriedNotSameMarksAsync(mergeId, keepId, ct);

                var before = JsonSerializer.Deserialize<ClientFields>(merge.KeptBefore)!;
                before.ApplyTo(kept);
                absorbed.MergedIntoId = null;
                await db.SaveChangesAsync(ct);
                absorbed.ExternalId = merge.AbsorbedExternalId;
                merge.UndoneAtUtc = clock.UtcNow;
                merge.UndoneById = user.Id();
                audit.Record("client.merge_undone", nameof(Client), keepId, $"client {absorbId} taken back out of client {keepId}", user);
                await db.SaveChangesAsync(ct);

                await ClientAccess.RefreshSearchTextAsync(db, keepId, ct);
                await ClientAccess.RefreshSearchTextAsync(db, absorbId, ct);
                await changes.ClientsMergedAsync([keepId, absorbId], ct);
                return new MergeOutcome(MergeRefusal.None, mergeId);
            }, ct);
        }
        catch (Exception e) when (e is DbUpdateException or DbException)
        {
            return MergeOutcome.Refused(MergeRefusal.Raced);
        }
    }

    /// <summary>
    /// Writes to both clients first, lower id first: a second merge or undo of either waits here for the first to finish
    /// (SQLite: the write lock; PostgreSQL: the row locks, taken in one order so two merges cannot deadlock), then reads
    /// what the first one left.
    /// </summary>
    private async Task LockAsync(int a, int b, CancellationToken ct)
    {
        foreach (var id in new[] { Math.Min(a, b), Math.Max(a, b) })
            await db.Clients.IgnoreQueryFilters().Where(c => c.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoId, c => c.MergedIntoId), ct);
    }

    private async Task<(Client? Kept, Client? Absorbed)> LoadAsync(int keepId, int absorbId, CancellationToken ct)
    {
        var both = await db.Clients.IgnoreQueryFilters().Where(c => c.Id == keepId || c.Id == absorbId).ToListAsync(ct);
        return (both.FirstOrDefault(c => c.Id == keepId), both.FirstOrDefault(c => c.Id == absorbId));
    }

    /// <summary>Rows of one table from the absorbed client to the kept one, each listed first, except those that cannot move.</summary>
    private async Task MoveAsync(int mergeId, ClientMergeChange change, int absorbId, int keepId, CancellationToken ct)
    {
        var movable = $"t.\"{change.Column}\" = {{0}}" + (change.Unmovable is { } unmovable ? $" AND NOT ({unmovable})" : "");
        await ExecAsync(
            $"INSERT INTO \"ClientMergeRows\" (\"MergeId\", \"Change\", \"RowId\") SELECT {{2}}, {{3}}, t.\"Id\" FROM \"{change.Table}\" t WHERE {movable}",
            [absorbId, keepId, mergeId, change.Name], ct);
        await ExecAsync(
            $"UPDATE \"{change.Table}\" SET \"{change.Column}\" = {{1}} WHERE \"{change.Column}\" = {{0}} AND {MovedBy("\"Id\"")}",
            [absorbId, keepId, mergeId, change.Name], ct);
    }

    /// <summary>The audit trail of the absorbed client reads as the kept client's (audit events name clients by id, not by key).</summary>
    private async Task MoveAuditHistoryAsync(int mergeId, int absorbId, int keepId, CancellationToken ct)
    {
        await ExecAsync(
            "INSERT INTO \"ClientMergeRows\" (\"MergeId\", \"Change\", \"RowId\") SELECT {2}, {3}, a.\"Id\" FROM \"AuditEvents\" a " +
            "WHERE a.\"EntityType\" = 'Client' AND a.\"EntityId\" = {0}",
            [Text(absorbId), Text(keepId), mergeId, AuditHistory], ct);
        await ExecAsync(
            $"UPDATE \"AuditEvents\" SET \"EntityId\" = {{1}} WHERE \"EntityId\" = {{0}} AND {MovedBy("\"Id\"")}",
            [Text(absorbId), Text(keepId), mergeId, AuditHistory], ct);
    }

    /// <summary>One primary contact: when the kept client has one, the absorbed client's primary contact is one of the others.</summary>
    private async Task ClearSecondPrimaryAsync(int mergeId, int keepId, int absorbId, CancellationToken ct)
    {
        if (!await db.Contacts.AnyAsync(c => c.ClientId == keepId && c.IsPrimary, ct)) return;
        var ids = await db.Contacts.Where(c => c.ClientId == absorbId && c.IsPrimary).Select(c => c.Id).ToListAsync(ct);
        if (ids.Count == 0) return;
        db.ClientMergeRows.AddRange(ids.Select(id => new ClientMergeRow { MergeId = mergeId, Change = PrimaryCleared, RowId = id }));
        await db.SaveChangesAsync(ct);
        await db.Contacts.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsPrimary, false), ct);
    }

    /// <summary>
    /// A person said the absorbed client is not some third client; the kept client is the absorbed one now, so it is not that
    /// client either. Each such mark is copied to the kept client (unless the kept client is the third one, or already marked
    /// apart from it) and listed, so the pair does not come back and an undo removes exactly the copies. The absorbed
    /// client's own marks stay with it for the undo.
    /// </summary>
    private async Task CarryNotSameMarksAsync(int mergeId, int keepId, int absorbId, CancellationToken ct)
    {
        var marks = await db.NotDuplicatePairs.AsNoTracking()
            .Where(p => p.ClientAId == absorbId || p.ClientBId == absorbId).ToListAsync(ct);
        if (marks.Count == 0) return;
        var others = marks.Select(p => p.ClientAId == absorbId ? p.ClientBId : p.ClientAId).Where(id => id != keepId).ToList();
        var alreadyApart = await db.NotDuplicatePairs.AsNoTracking()
            .Where(p => (p.ClientAId == keepId && others.Contains(p.ClientBId)) || (p.ClientBId == keepId && others.Contains(p.ClientAId)))
            .Select(p => p.ClientAId == keepId ? p.ClientBId : p.ClientAId).ToListAsync(ct);
        var carried = marks.Select(p => (Mark: p, Other: p.ClientAId == absorbId ? p.ClientBId : p.ClientAId))
            .Where(m => m.Other != keepId && !alreadyApart.Contains(m.Other)).ToList();
        if (carried.Count == 0) return;
        db.NotDuplicatePairs.AddRange(carried.Select(m => new NotDuplicatePair
        {
            ClientAId = Math.Min(keepId, m.Other),
            ClientBId = Math.Max(keepId, m.Other),
            MarkedById = m.Mark.MarkedById,
            MarkedAtUtc = m.Mark.MarkedAtUtc,
        }));
        db.ClientMergeRows.AddRange(carried.Select(m => new ClientMergeRow { MergeId = mergeId, Change = NotSameCarried, RowId = m.Other }));
        await db.SaveChangesAsync(ct);
        var otherIds = carried.Select(m => m.Other).ToList();
        await db.DuplicatePairs.Where(p => (p.ClientAId == keepId && otherIds.Contains(p.ClientBId)) || (p.ClientBId == keepId && otherIds.Contains(p.ClientAId)))
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>The marks the merge copied to the kept client go; the absorbed client still has its own.</summary>
    private async Task DropCarriedNotSameMarksAsync(int mergeId, int keepId, CancellationToken ct)
    {
        var others = Changed(mergeId, NotSameCarried);
        await db.NotDuplicatePairs
            .Where(p => (p.ClientAId == keepId && others.Contains(p.ClientBId)) || (p.ClientBId == keepId && others.Contains(p.ClientAId)))
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// One open item per kind: of two open check-ins (or win-backs, reviews) the kept client's own, else the earliest, stays;
    /// occasions and custom items are one per kind and date. The others are closed, each listed with its status for the undo.
    /// </summary>
    private async Task CloseSecondOpenItemsAsync(int mergeId, int keepId, CancellationToken ct)
    {
        var moved = Changed(mergeId, "FollowUps");
        var open = await db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == keepId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
            .Select(f => new { f.Id, f.Kind, f.DueOn, f.Status, Moved = moved.Contains(f.Id) })
            .ToListAsync(ct);
        var second = open
            .GroupBy(f => f.Kind is FollowUpKind.Occasion or FollowUpKind.Custom ? (f.Kind, f.DueOn) : (f.Kind, DateOnly.MinValue))
            .SelectMany(g => g.OrderBy(f => f.Moved).ThenBy(f => f.DueOn).ThenBy(f => f.Id).Skip(1))
            .ToList();
        if (second.Count == 0) return;
        db.ClientMergeRows.AddRange(second.Select(f => new ClientMergeRow
        { MergeId = mergeId, Change = FollowUpClosed, RowId = f.Id, Previous = f.Status.ToString() }));
        await db.SaveChangesAsync(ct);
        var ids = second.Select(f => f.Id).ToList();
        var now = clock.UtcNow;
        await db.FollowUps.Where(f => ids.Contains(f.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Status, FollowUpStatus.Dismissed)
            .SetProperty(f => f.ClosedReasonCode, FollowUpReasons.Merged)
            .SetProperty(f => f.ClosedAtUtc, now), ct);
    }

    private Task<Dictionary<int, FollowUpStatus>> OpenItemsAsync(int clientId, CancellationToken ct) =>
        db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))
            .ToDictionaryAsync(f => f.Id, f => f.Status, ct);

    /// <summary>
    /// Open items the recomputed facts closed (a win-back once the duplicate's purchase of this year counts) are listed too,
    /// so an undo opens them again instead of leaving the work closed or creating a second one.
    /// </summary>
    private async Task ListClosedByPipelineAsync(int mergeId, Dictionary<int, FollowUpStatus> openBefore, CancellationToken ct)
    {
        var ids = openBefore.Keys.ToList();
        var closed = await db.FollowUps.AsNoTracking()
            .Where(f => ids.Contains(f.Id) && (f.Status == FollowUpStatus.Done || f.Status == FollowUpStatus.Dismissed))
            .Select(f => f.Id).ToListAsync(ct);
        if (closed.Count == 0) return;
        db.ClientMergeRows.AddRange(closed.Select(id => new ClientMergeRow
        { MergeId = mergeId, Change = FollowUpClosed, RowId = id, Previous = openBefore[id].ToString() }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every item the merge closed is open (or snoozed) again as it was, its source key freed of the closing suffix.</summary>
    private async Task ReopenClosedItemsAsync(int mergeId, CancellationToken ct)
    {
        var closed = await db.ClientMergeRows.AsNoTracking().Where(r => r.MergeId == mergeId && r.Change == FollowUpClosed)
            .ToDictionaryAsync(r => (int)r.RowId, r => Enum.Parse<FollowUpStatus>(r.Previous!), ct);
        var ids = closed.Keys.ToList();
        var items = await db.FollowUps
            .Where(f => ids.Contains(f.Id) && (f.Status == FollowUpStatus.Done || f.Status == FollowUpStatus.Dismissed)).ToListAsync(ct);
        foreach (var item in items)
        {
            item.Status = closed[item.Id];
            (item.ClosedReason, item.ClosedReasonCode, item.ClosedReasonArgs, item.ClosedAtUtc) = (null, null, null, null);
            var suffix = ":closed:" + item.Id.ToString(CultureInfo.InvariantCulture);
            if (item.SourceKey.EndsWith(suffix, StringComparison.Ordinal)) item.SourceKey = item.SourceKey[..^suffix.Length];
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>What keeps an undo from putting everything back: moved rows now belonging to a third client, the kept client merged again, the external id taken.</summary>
    private async Task<List<UndoBlocker>> BlockersAsync(ClientMerge merge, Client kept, CancellationToken ct)
    {
        var blockers = new List<UndoBlocker>();
        if (kept.MergedIntoId is not null) blockers.Add(new UndoBlocker(UndoBlocker.KeptMergedAgain, 1));
        foreach (var change in ClientMergeChange.All.Where(c => c.Policy == MergePolicy.Move))
        {
            var sql = $"SELECT COUNT(*) AS \"Value\" FROM \"{change.Table}\" t WHERE t.\"{change.Column}\" <> {{1}} AND {MovedBy("t.\"Id\"")}";
            var elsewhere = await db.Database.SqlQueryRaw<int>(sql, merge.AbsorbedClientId, merge.KeptClientId, merge.Id, change.Name).SingleAsync(ct);
            if (elsewhere > 0) blockers.Add(new UndoBlocker(change.Name, elsewhere));
        }
        if (merge.AbsorbedExternalId is { } externalId
            && await db.Clients.IgnoreQueryFilters().AnyAsync(c => c.ExternalId == externalId && c.Id != merge.KeptClientId, ct))
            blockers.Add(new UndoBlocker(UndoBlocker.ExternalIdTaken, 1));
        return blockers;
    }

    /// <summary>SQL: the row id is one this merge ({2}) listed under the change ({3}).</summary>
    private static string MovedBy(string id) =>
        $"{id} IN (SELECT r.\"RowId\" FROM \"ClientMergeRows\" r WHERE r.\"MergeId\" = {{2}} AND r.\"Change\" = {{3}})";

    /// <summary>Runs SQL built here from the model's table names (constants, never user input) with its values as parameters.</summary>
    private Task<int> ExecAsync(string sql, object[] values, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(sql, values, ct);

    private IQueryable<int> Changed(int mergeId, string change) =>
        db.ClientMergeRows.Where(r => r.MergeId == mergeId && r.Change == change).Select(r => (int)r.RowId);

    private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);
}
