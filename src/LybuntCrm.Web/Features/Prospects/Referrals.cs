using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>Whom a client referred, and the revenue that followed.</summary>
public static class Referrals
{
    public sealed record Referred(int Id, string Name, ClientStatus Status, DateOnly CreatedOn, decimal Revenue, int Purchases);

    public sealed record Summary(int ClientId, LifecycleStage Stage, string OwnerId, IReadOnlyList<Referred> Clients)
    {
        public decimal Revenue => Clients.Sum(c => c.Revenue);
        /// <summary>Someone who refers others is an advocate: suggest the stage until it is set.</summary>
        public bool SuggestAdvocate => Clients.Count > 0 && Stage != LifecycleStage.Advocate;
    }

    public static async Task<Summary?> ForAsync(CrmDbContext db, int clientId, CancellationToken ct = default)
    {
        var referrer = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new { c.Id, c.Stage, c.OwnerId }).FirstOrDefaultAsync(ct);
        if (referrer is null) return null;
        var referred = await db.Clients.AsNoTracking().Where(c => c.ReferredById == clientId)
            .OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new Referred(c.Id, c.Name, c.Status, c.CreatedOn,
                db.Purchases.Where(p => p.ClientId == c.Id && p.Status == PurchaseStatus.Completed).Sum(p => (decimal?)p.Amount) ?? 0m,
                db.Purchases.Count(p => p.ClientId == c.Id && p.Status == PurchaseStatus.Completed)))
            .ToListAsync(ct);
        return new Summary(referrer.Id, referrer.Stage, referrer.OwnerId, referred);
    }
}
