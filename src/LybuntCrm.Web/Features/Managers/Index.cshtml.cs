using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Shared.Charts;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Managers;

/// <summary>The team: every manager with their clients, LYBUNT figures and recent touches, and the team's touches per week.</summary>
public sealed class IndexModel(CrmDbContext db, IClock clock, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public BarChart Activity { get; private set; } = null!;

    public sealed record Row(string Id, string Name, bool Active, int Clients, int LybuntClients, decimal RevenueAtRisk, int RecentTouches);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = clock.Today;
        var recentFrom = today.AddDays(1 - DetailsModel.RecentDays);
        // One grouped query per figure, not one per manager.
        var clients = await db.Clients.AsNoTracking().Where(c => c.Status == ClientStatus.Client)
            .GroupBy(c => c.OwnerId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var lybunt = await db.Clients.AsNoTracking().Where(c => c.RetentionFlag == RetentionFlag.Lybunt)
            .GroupBy(c => c.OwnerId).Select(g => new { g.Key, Count = g.Count(), Revenue = g.Sum(c => c.LastYearTotal) })
            .ToDictionaryAsync(g => g.Key, ct);
        var touches = await db.Touchpoints.AsNoTracking().Where(tp => tp.OccurredOn >= recentFrom && tp.OccurredOn <= today)
            .GroupBy(tp => tp.UserId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var users = await db.Users.AsNoTracking().OrderByDescending(u => u.IsActive).ThenBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName, u.IsActive }).ToListAsync(ct);
        Rows = users
            .Select(u => new Row(u.Id, u.DisplayName, u.IsActive, clients.GetValueOrDefault(u.Id),
                lybunt.TryGetValue(u.Id, out var l) ? l.Count : 0, l?.Revenue ?? 0, touches.GetValueOrDefault(u.Id)))
            // A deactivated person with nothing left to show is history, not team.
            .Where(r => r.Active || r.Clients > 0 || r.LybuntClients > 0 || r.RecentTouches > 0)
            .ToList();

        var weeks = RecentWeeks.Ending(today, CultureInfo.CurrentCulture.DateTimeFormat.FirstDayOfWeek, DetailsModel.ActivityWeeks);
        Activity = ActivityChart.ToBarChart(await TouchActivity.QueryAsync(db, weeks, null, ct), t["The team's touches per week, by outcome"], t, f);
    }
}
