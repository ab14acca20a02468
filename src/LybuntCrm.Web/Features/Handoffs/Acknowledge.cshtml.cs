using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Handoffs;

/// <summary>The new owner confirms they have read a hand-off note. Only the person who received the client may.</summary>
public sealed class AcknowledgeModel(CrmDbContext db, IClock clock, Audit audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/Today");

    public async Task<IActionResult> OnPostAsync(int id, string? returnUrl, CancellationToken ct)
    {
        var handoff = await db.Handoffs.AsNoTracking().Where(h => h.Id == id).Select(h => new { h.ToUserId, h.ClientId }).FirstOrDefaultAsync(ct);
        if (handoff is null) return NotFound();
        if (handoff.ToUserId != User.Id()) return Forbid();
        var changed = await db.Handoffs.Where(h => h.Id == id && h.AcknowledgedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.AcknowledgedAtUtc, clock.UtcNow), ct);
        if (changed > 0) await audit.RecordNowAsync("handoff.acknowledged", "Client", handoff.ClientId, $"handoff={id}");
        TempData["Flash"] = "Hand-off acknowledged.";
        return Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : $"/Clients/{handoff.ClientId}");
    }
}
