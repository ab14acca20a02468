using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Handoffs;

/// <summary>Hands one client to another owner with a hand-off note. Admins, or the current owner.</summary>
public sealed class TransferModel(CrmDbContext db, ClientTransfer transfer, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public TransferForm Input { get; set; } = new();
    public string ClientName { get; private set; } = "";
    public string OwnerName { get; private set; } = "";
    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];

    public sealed record HistoryRow(string From, string To, string Note, DateTime CreatedAtUtc, DateTime? AcknowledgedAtUtc);

    public sealed class TransferForm
    {
        [Display(Name = "New owner")]
        public string ToUserId { get; set; } = "";

        [Display(Name = "Hand-off note")]
        public string? Note { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, ct) is not { } client) return NotFound();
        if (!ClientTransfer.MayTransfer(User, client.OwnerId)) return Forbid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, ct) is not { } client) return NotFound();
        if (!ClientTransfer.MayTransfer(User, client.OwnerId)) return Forbid();
        if (string.IsNullOrEmpty(Input.ToUserId) || Input.ToUserId == client.OwnerId)
        {
            ModelState.AddModelError("Input.ToUserId", "Choose the person who takes over this client.");
            return Page();
        }
        var result = await transfer.TransferAsync(db.Clients.Where(c => c.Id == clientId), Input.ToUserId, Input.Note, User, ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors) ModelState.AddModelError("Input." + field, message);
            return Page();
        }
        var newOwner = Owners.FirstOrDefault(o => o.Value == Input.ToUserId)?.Text ?? "";
        TempData["Flash"] = t["{0} now belongs to {1}; the hand-off note goes with it.", Bidi.Isolate(ClientName), Bidi.Isolate(newOwner)].Value;
        return Redirect($"/Clients/{clientId}");
    }

    private async Task<(int Id, string OwnerId)?> LoadAsync(int clientId, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new { c.Id, c.Name, c.OwnerId, OwnerName = c.Owner!.DisplayName }).FirstOrDefaultAsync(ct);
        if (client is null) return null;
        ClientName = client.Name;
        OwnerName = client.OwnerName;
        Owners = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != client.OwnerId).OrderBy(u => u.DisplayName)
            .Select(u => new SelectListItem(u.DisplayName + " (" + u.Email + ")", u.Id)).ToListAsync(ct);
        History = await db.Handoffs.AsNoTracking().Where(h => h.ClientId == clientId)
            .OrderByDescending(h => h.CreatedAtUtc).ThenByDescending(h => h.Id).Take(10)
            .Select(h => new HistoryRow(h.FromUser!.DisplayName, h.ToUser!.DisplayName, h.Note, h.CreatedAtUtc, h.AcknowledgedAtUtc))
            .ToListAsync(ct);
        return (client.Id, client.OwnerId);
    }
}
