using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>Disqualified prospects by reason: what they cost to chase and how long they were chased.</summary>
public sealed class DisqualifiedModel(CrmDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public DisqualifyReason? Reason { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public sealed record Row(int ClientId, string Name, string OwnerName, DisqualifyReason? Reason, string? Note,
        decimal AcquisitionCost, DateOnly CreatedOn, DateOnly DecidedOn)
    {
        public int DaysSpent => Math.Max(0, DecidedOn.DayNumber - CreatedOn.DayNumber);
    }

    public sealed record Group(DisqualifyReason? Reason, int Count, decimal AcquisitionCost, double AverageDays);

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Each disqualified client with its latest disqualifying decision: one query.
        var rows = await db.Clients.AsNoTracking()
            .Where(c => c.Status == ClientStatus.Disqualified)
            .Select(c => new
            {
                c.Id,
                c.Name,
                OwnerName = c.Owner!.DisplayName,
                c.AcquisitionCost,
                c.CreatedOn,
                Decision = db.ProspectReviews.Where(r => r.ClientId == c.Id && r.Decision == ReviewDecision.Disqualify)
                    .OrderByDescending(r => r.DecidedAtUtc).ThenByDescending(r => r.Id)
                    .Select(r => new { r.Reason, r.Note, r.DecidedOn }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var all = rows.Select(r => new Row(r.Id, r.Name, r.OwnerName, r.Decision?.Reason, r.Decision?.Note, r.AcquisitionCost ?? 0,
                r.CreatedOn, r.Decision?.DecidedOn ?? r.CreatedOn))
            .ToList();
        Groups = all.GroupBy(r => r.Reason)
            .Select(g => new Group(g.Key, g.Count(), g.Sum(r => r.AcquisitionCost), g.Average(r => r.DaysSpent)))
            .OrderByDescending(g => g.Count).ToList();
        Rows = all.Where(r => Reason is null || r.Reason == Reason)
            .OrderByDescending(r => r.DecidedOn).ThenBy(r => r.Name).ToList();
    }
}
