using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>Shows the personal calendar feed address and lets its owner replace the secret in it.</summary>
public sealed class CalendarModel(CrmDbContext db, Audit audit, IStringLocalizer<SharedResource> T) : PageModel
{
    public string? FeedUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var token = await db.Users.Where(u => u.Id == User.Id()).Select(u => u.CalendarToken).FirstOrDefaultAsync(ct);
        FeedUrl = string.IsNullOrEmpty(token) ? null : $"{Request.Scheme}://{Request.Host}{CalendarFeed.PathFor(token)}";
    }

    public async Task<IActionResult> OnPostRegenerateAsync(CancellationToken ct)
    {
        var token = UserAccounts.NewToken();
        var me = User.Id();
        await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(s => s.SetProperty(u => u.CalendarToken, token), ct);
        await audit.RecordNowAsync("calendar.token-regenerated", "User", me);
        TempData["Flash"] = T["Your calendar has a new address. Subscriptions to the old one stop working."].Value;
        return RedirectToPage();
    }
}
