using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

public sealed class IndexModel(CrmDbContext db, DemoData demo, JobRunner jobs) : PageModel
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
        TempData["Flash"] = $"{job.Description}: done in {started.Elapsed.TotalSeconds:0.0} s.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSeedDemoAsync(CancellationToken ct)
    {
        var result = await demo.LoadAsync(managerPassword: null, ct);
        TempData["Flash"] = result.AlreadyLoaded
            ? "The demo data was already loaded."
            : $"Demo data loaded: {result.Clients} clients, {result.Purchases} purchases, {result.Touchpoints} touchpoints.";
        return RedirectToPage();
    }
}
