using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

public sealed class IndexModel(CrmDbContext db, DemoData demo) : PageModel
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

    public async Task<IActionResult> OnPostSeedDemoAsync(CancellationToken ct)
    {
        var result = await demo.LoadAsync(managerPassword: null, ct);
        TempData["Flash"] = result.AlreadyLoaded
            ? "The demo data was already loaded."
            : $"Demo data loaded: {result.Clients} clients, {result.Purchases} purchases, {result.Touchpoints} touchpoints.";
        return RedirectToPage();
    }
}
