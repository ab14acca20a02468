using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

public sealed class IndexModel(CrmDbContext db, DemoData demo, JobRunner jobs, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public int Users { get; private set; }
    public int ActiveManagers { get; private set; }
    public int Clients { get; private set; }
    public bool DemoLoaded { get; private set; }
    public IReadOnlyList<JobDefinition> Jobs => RecurringJobs.All;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await db.Users.CountAsync(ct);
        ActiveManagers = await db.Users.CountAsync(u => u.IsActive, ct);
        Clients = await db.Clients.CountAsync(ct);
        DemoLoaded = await demo.IsLoadedAsync(ct);
    }

    /// <summary>Runs a recurring job now, in this request, so the admin sees when it is done.</summary>
    public async Task<IActionResult> OnPostRunJobAsync(string id, CancellationToken ct)
    {
        if (RecurringJobs.Find(id) is not { } job) return NotFound();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await jobs.RunAsync(job.Id, ct);
        TempData["Flash"] = t["{0}: done in {1} s.", t[job.Name], f.Number((decimal)Math.Round(started.Elapsed.TotalSeconds, 1), 1)].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSeedDemoAsync(CancellationToken ct)
    {
        var result = await demo.LoadAsync(managerPassword: null, ct);
        TempData["Flash"] = result.AlreadyLoaded
            ? t["The demo data was already loaded."].Value
            : t["Demo data loaded: {0} clients, {1} purchases, {2} touchpoints.", f.Number(result.Clients), f.Number(result.Purchases), f.Number(result.Touchpoints)].Value;
        return RedirectToPage();
    }
}
