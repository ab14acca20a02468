using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Moves clients through the lifecycle and records every move (the timeline and the funnel read them).</summary>
public static class Lifecycle
{
    /// <summary>Sets a tracked client's stage and adds the stage change to the unit of work; the caller saves. False when nothing changed.</summary>
    public static bool ChangeStage(CrmDbContext db, Client client, LifecycleStage to, string? userId, DateTime atUtc)
    {
        if (client.Stage == to) return false;
        db.StageChanges.Add(new StageChange { ClientId = client.Id, From = client.Stage, To = to, AtUtc = atUtc, UserId = userId });
        client.Stage = to;
        return true;
    }

    /// <summary>
    /// A prospect's first completed purchase makes it a client at stage Purchased. The change pipeline
    /// (<c>ClientChanges</c>) calls the set-based form before it refreshes the client's facts. Safe to call twice.
    /// </summary>
    public static Task<int> OnPurchaseRecordedAsync(CrmDbContext db, int clientId, DateTime atUtc, CancellationToken ct = default) =>
        OnPurchasesRecordedAsync(db, [clientId], atUtc, ct);

    /// <summary>
    /// Set-based form for imports: every given client (null: every client) that has a completed purchase but is still a
    /// prospect (or was disqualified and bought anyway), or stands before the Purchased stage, becomes a client at stage
    /// Purchased. One query to find them, one insert of their stage changes, one update. Returns how many changed.
    /// </summary>
    public static async Task<int> OnPurchasesRecordedAsync(CrmDbContext db, IReadOnlyCollection<int>? clientIds, DateTime atUtc, CancellationToken ct = default)
    {
        // Stages are stored as text, so "before Purchased" is the list of prospect stages rather than a comparison.
        var found = await (clientIds is null ? db.Clients : db.Clients.Where(c => clientIds.Contains(c.Id)))
            .Where(c => (c.Status == ClientStatus.Prospect || c.Status == ClientStatus.Disqualified || ProspectStages.Contains(c.Stage))
                && c.Status != ClientStatus.LetGo
                && db.Purchases.Any(p => p.ClientId == c.Id && p.Status == PurchaseStatus.Completed))
            .Select(c => new { c.Id, c.Stage }).ToListAsync(ct);
        if (found.Count == 0) return 0;
        var ids = found.Select(f => f.Id).ToList();
        var moves = found.Where(f => IsBeforePurchase(f.Stage)).ToList();

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            db.StageChanges.AddRange(moves.Select(m => new StageChange { ClientId = m.Id, From = m.Stage, To = LifecycleStage.Purchased, AtUtc = atUtc }));
            await db.SaveChangesAsync(ct);
            var changed = await db.Clients.Where(c => ids.Contains(c.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Status, ClientStatus.Client)
                .SetProperty(c => c.RevisitOn, (DateOnly?)null)
                .SetProperty(c => c.Stage, c => c.Stage == LifecycleStage.Aware || c.Stage == LifecycleStage.Interested || c.Stage == LifecycleStage.Considering
                    ? LifecycleStage.Purchased : c.Stage), ct);
            if (tx is not null) await tx.CommitAsync(ct);
            return changed;
        });
    }

    public static bool IsBeforePurchase(LifecycleStage stage) => stage < LifecycleStage.Purchased;

    /// <summary>The stages a prospect moves through before buying.</summary>
    public static readonly LifecycleStage[] ProspectStages = [LifecycleStage.Aware, LifecycleStage.Interested, LifecycleStage.Considering];
}
