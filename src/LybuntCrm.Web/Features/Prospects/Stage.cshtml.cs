using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>Moves a client to another lifecycle stage (the board, the referral suggestion). Owner or admin only.</summary>
public sealed class StageModel(CrmDbContext db, IClock clock, Audit audit, IStringLocalizer<SharedResource> t) : PageModel
{
    public IActionResult OnGet() => Redirect("/Prospects");

    public async Task<IActionResult> OnPostAsync(int clientId, string? stage, string? returnUrl, CancellationToken ct)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null) return NotFound();
        if (!User.CanChange(client)) return Forbid();
        if (!Enum.TryParse<LifecycleStage>(stage, ignoreCase: false, out var to) || !Enum.IsDefined(to))
        {
            TempData["Flash"] = "Choose a stage from the list.";
            return Back(returnUrl, clientId);
        }
        var from = client.Stage;
        if (Lifecycle.ChangeStage(db, client, to, User.Id(), clock.UtcNow))
        {
            audit.Record("client.stage_changed", "Client", client.Id, $"{from} -> {to}");
            await db.SaveChangesAsync(ct);
            TempData["Flash"] = t["{0} moved from {1} to {2}.", client.Name, EnumLabels.Label(t, from), EnumLabels.Label(t, to)].Value;
        }
        return Back(returnUrl, clientId);
    }

    private RedirectResult Back(string? returnUrl, int clientId) =>
        Redirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : $"/Clients/{clientId}");
}
