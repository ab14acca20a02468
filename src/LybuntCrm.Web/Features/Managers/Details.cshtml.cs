using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Shared.Charts;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Managers;

/// <summary>
/// One manager's page: how many clients they own, how many of them are LYBUNT and the revenue at risk, how often they have
/// been in touch, the revenue of their clients by fiscal year and their touches per week. Every signed-in user may look, as
/// everyone sees the LYBUNT list.
/// </summary>
public sealed class DetailsModel(CrmDbContext db, IClock clock, IMemoryCache cache, IStringLocalizer<SharedResource> t, DisplayFormat f)
    : PageModel
{
    /// <summary>The weeks of the activity chart.</summary>
    public const int ActivityWeeks = 12;

    /// <summary>The days counted as "recent" in the headline: four full weeks.</summary>
    public const int RecentDays = 28;

    public string ManagerId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public bool IsActive { get; private set; }
    public bool IsMe { get; private set; }
    public FiscalYear Year { get; private set; }
    public Figures Headline { get; private set; } = new(0, 0, 0, 0);
    public BarChart Revenue { get; private set; } = null!;
    public BarChart Activity { get; private set; } = null!;

    public sealed record Figures(int Clients, int LybuntClients, decimal RevenueAtRisk, int RecentTouches);

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var person = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.DisplayName, u.TimeZoneId, u.IsActive }).FirstOrDefaultAsync(ct);
        if (person is null) return NotFound();
        ManagerId = person.Id;
        Name = person.DisplayName;
        IsActive = person.IsActive;
        IsMe = person.Id == User.Id();

        var startMonth = await db.FiscalStartMonthAsync(ct);
        Year = FiscalYear.Containing(clock.Today, startMonth);
        var owned = db.Clients.AsNoTracking().Where(c => c.OwnerId == id);
        var clients = await owned.CountAsync(c => c.Status == ClientStatus.Client, ct);
        var atRisk = await owned.Where(c => c.RetentionFlag == RetentionFlag.Lybunt).GroupBy(c => 1)
            .Select(g => new { Count = g.Count(), Revenue = g.Sum(c => c.LastYearTotal) })
            .FirstOrDefaultAsync(ct);

        // Their weeks end on their own today, and start on the reader's first day of the week.
        var today = clock.TodayIn(person.TimeZoneId);
        var weeks = RecentWeeks.Ending(today, CultureInfo.CurrentCulture.DateTimeFormat.FirstDayOfWeek, ActivityWeeks);
        var recentFrom = today.AddDays(1 - RecentDays);
        var recent = await db.Touchpoints.AsNoTracking().CountAsync(tp => tp.UserId == id && tp.OccurredOn >= recentFrom && tp.OccurredOn <= today, ct);
        Headline = new Figures(clients, atRisk?.Count ?? 0, atRisk?.Revenue ?? 0, recent);

        var years = await RevenueChart.CachedQueryAsync(db, cache, clock.Today, startMonth, id, ct);
        Revenue = RevenueChart.ToBarChart(years, startMonth, t, f);
        var touches = await TouchActivity.QueryAsync(db, weeks, id, ct);
        Activity = ActivityChart.ToBarChart(touches, t["Touches per week, by outcome"], t, f);
        return Page();
    }
}
