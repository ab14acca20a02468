using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>Prospects by stage with their warning signals, and the lifecycle funnel.</summary>
public sealed class IndexModel(CrmDbContext db, IClock clock) : PageModel
{
    public const int FunnelDays = 90;

    /// <summary>"mine" or "all".</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public string? Scope { get; set; }

    public IReadOnlyList<Card> Cards { get; private set; } = [];
    public IReadOnlyList<StageCount> Funnel { get; private set; } = [];
    public IReadOnlyList<Move> Moves { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public int Disqualified { get; private set; }
    /// <summary>Who prospects can be reassigned to from the bulk bar: active users.</summary>
    public IReadOnlyList<Clients.BulkBar.Person> ActiveUsers { get; private set; } = [];

    public sealed record Card(int Id, string Name, LifecycleStage Stage, string OwnerId, string OwnerName, decimal? ExpectedValue,
        DateOnly KnownSince, DateOnly? LastInboundOn, DateOnly? RevisitOn, int Signals, bool CanChange);

    public sealed record StageCount(LifecycleStage Stage, int Clients, int MovedIn);

    public sealed record Move(LifecycleStage From, LifecycleStage To, int Count);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = clock.Today;
        Scope = Scope is "mine" or "all" ? Scope : User.IsAdmin() ? "all" : "mine";
        var me = User.Id();
        var prospects = db.Clients.Where(c => c.Status == ClientStatus.Prospect);
        if (Scope == "mine") prospects = prospects.Where(c => c.OwnerId == me);

        var rows = await prospects.AsNoTracking()
            .OrderByDescending(c => c.ExpectedValue).ThenBy(c => c.Name)
            .Select(ClientTimeline.Select((c, facts) => new
            {
                c.Id,
                c.Name,
                c.Stage,
                c.OwnerId,
                OwnerName = c.Owner!.DisplayName,
                c.ExpectedValue,
                facts.KnownSince,
                c.RevisitOn,
                LastInbound = c.Touchpoints.Where(t => t.Direction == Direction.Inbound).Max(t => (DateOnly?)t.OccurredOn),
            }))
            .ToListAsync(ct);
        var thresholds = await ProspectSignalQuery.ThresholdsAsync(db, ct);
        var signals = await ProspectSignalQuery.ForAsync(db, prospects, Today, thresholds, ct: ct);
        var admin = User.IsAdmin();
        Cards = rows.Select(r => new Card(r.Id, r.Name, r.Stage, r.OwnerId, r.OwnerName, r.ExpectedValue, r.KnownSince, r.LastInbound, r.RevisitOn,
                signals.TryGetValue(r.Id, out var s) ? s.Active.Count : 0, admin || r.OwnerId == me))
            .ToList();

        // The funnel: everyone in the lifecycle (prospects and clients), and the moves of the last 90 days.
        var counts = await db.Clients.AsNoTracking()
            .Where(c => c.Status == ClientStatus.Prospect || c.Status == ClientStatus.Client)
            .GroupBy(c => c.Stage).Select(g => new { Stage = g.Key, Count = g.Count() }).ToListAsync(ct);
        var since = clock.UtcNow.AddDays(-FunnelDays);
        Moves = (await db.StageChanges.AsNoTracking().Where(s => s.AtUtc >= since)
                .GroupBy(s => new { s.From, s.To }).Select(g => new { g.Key.From, g.Key.To, Count = g.Count() }).ToListAsync(ct))
            .Select(m => new Move(m.From, m.To, m.Count)).OrderBy(m => m.From).ThenBy(m => m.To).ToList();
        Funnel = Enum.GetValues<LifecycleStage>()
            .Select(stage => new StageCount(stage, counts.FirstOrDefault(c => c.Stage == stage)?.Count ?? 0, Moves.Where(m => m.To == stage).Sum(m => m.Count)))
            .ToList();
        Disqualified = await db.Clients.CountAsync(c => c.Status == ClientStatus.Disqualified, ct);
        ActiveUsers = await db.Users.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.DisplayName)
            .Select(u => new Clients.BulkBar.Person(u.Id, u.DisplayName)).ToListAsync(ct);
    }
}
