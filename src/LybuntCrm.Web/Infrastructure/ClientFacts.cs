using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// Keeps the derived facts on <see cref="Client"/> (first and last purchase, last reached, next check-in) in step with
/// purchases and touchpoints; last reached by <see cref="ClientTimeline"/>, the one definition of a client's dated facts. Set-based: one UPDATE for any number of clients. Call it after every change to purchases,
/// touchpoints, cadence or status; pass null to refresh every client (nightly, after an import).
/// </summary>
public static class ClientFacts
{
    /// <summary>
    /// The clients a bulk change should refresh: these ids, or null (every client) beyond 5,000 of them, where one pass
    /// over all clients costs less than a list of ids that long.
    /// </summary>
    public static IReadOnlyCollection<int>? BulkScope(IReadOnlyCollection<int> clientIds) => clientIds.Count > 5_000 ? null : clientIds;

    public static Task<int> RefreshAsync(CrmDbContext db, int clientId, CancellationToken ct = default) =>
        RefreshAsync(db.Clients.Where(c => c.Id == clientId), db, ct);

    public static Task<int> RefreshAsync(CrmDbContext db, IReadOnlyCollection<int>? clientIds, CancellationToken ct = default) =>
        RefreshAsync(clientIds is null ? db.Clients : db.Clients.Where(c => clientIds.Contains(c.Id)), db, ct);

    private static async Task<int> RefreshAsync(IQueryable<Client> clients, CrmDbContext db, CancellationToken ct)
    {
        var updated = await clients.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.FirstPurchaseOn, c => db.Purchases
                .Where(p => p.ClientId == c.Id && p.Status == PurchaseStatus.Completed).Min(p => (DateOnly?)p.Date))
            .SetProperty(c => c.LastPurchaseOn, c => db.Purchases
                .Where(p => p.ClientId == c.Id && p.Status == PurchaseStatus.Completed).Max(p => (DateOnly?)p.Date))
            .SetProperty(c => c.LastContactOn, ClientTimeline.LastReachedFromTouchpoints), ct);
        await RefreshNextCheckInAsync(clients, ct);
        return updated;
    }

    /// <summary>Next check-in by <see cref="CheckInRule.NextDue"/>, the one definition of the rule.</summary>
    private static Task<int> RefreshNextCheckInAsync(IQueryable<Client> clients, CancellationToken ct) =>
        clients.ExecuteUpdateAsync(s => s.SetProperty(c => c.NextCheckInOn, CheckInRule.NextDue), ct);
}
