using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Handoffs;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>
/// Moves all or some clients of one user to another with one hand-off note — what an admin does before deactivating
/// someone who leaves, so no client is ever left without an owner. Admin-only (the /Admin folder).
/// </summary>
public sealed class ReassignModel(CrmDbContext db, ClientTransfer transfer, IStringLocalizer<SharedResource> t, DisplayFormat f) : PageModel
{
    public const int ListLimit = 500;

    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty] public ReassignForm Input { get; set; } = new();

    public IReadOnlyList<SelectListItem> Owners { get; private set; } = [];
    public IReadOnlyList<SelectListItem> Targets { get; private set; } = [];
    public IReadOnlyList<Row> Clients { get; private set; } = [];
    public int OwnedCount { get; private set; }
    public string FromName { get; private set; } = "";
    public bool FromIsActive { get; private set; }

    public sealed record Row(int Id, string Name, ClientStatus Status, LifecycleStage Stage, DateOnly? NextCheckInOn, int OpenFollowUps);

    public sealed class ReassignForm
    {
        /// <summary>"all" moves every client of the user; "selected" only the ticked ones.</summary>
        public string Scope { get; set; } = "all";
        public List<int> ClientIds { get; set; } = [];

        [Display(Name = "New owner")]
        public string ToUserId { get; set; } = "";

        [Display(Name = "Hand-off note")]
        public string? Note { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrEmpty(From) || FromName.Length == 0)
            ModelState.AddModelError(nameof(From), "Choose whose clients to reassign.");
        if (string.IsNullOrEmpty(Input.ToUserId) || Input.ToUserId == From)
            ModelState.AddModelError("Input.ToUserId", "Choose another active user as the new owner.");
        if (Input.Scope == "selected" && Input.ClientIds.Count == 0)
            ModelState.AddModelError("Input.ClientIds", "Tick the clients to reassign, or choose all of them.");
        if (!ModelState.IsValid) return Page();

        var clients = db.Clients.Where(c => c.OwnerId == From);
        if (Input.Scope == "selected")
        {
            var ids = Input.ClientIds.Distinct().ToList();
            clients = clients.Where(c => ids.Contains(c.Id));
        }
        var result = await transfer.TransferAsync(clients, Input.ToUserId, Input.Note, User, ct);
        if (!result.Succeeded)
        {
            foreach (var (field, message) in result.Errors) ModelState.AddModelError("Input." + field, message);
            return Page();
        }
        var target = Targets.FirstOrDefault(t => t.Value == Input.ToUserId)?.Text ?? "";
        var left = await db.Clients.CountAsync(c => c.OwnerId == From, ct);
        TempData["Flash"] = left == 0
            ? t["Moved {0} from {1} to {2}. {1} owns no clients now and can be deactivated.", Counts.Clients(t, f, result.Moved), Bidi.Isolate(FromName), Bidi.Isolate(target)].Value
            : t["Moved {0} from {1} to {2}; {3} remain with {1}.", Counts.Clients(t, f, result.Moved), Bidi.Isolate(FromName), Bidi.Isolate(target), Counts.Clients(t, f, left)].Value;
        return left == 0 ? Redirect($"/Admin/Users/Edit/{From}") : RedirectToPage(new { From });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var owners = await db.Users.AsNoTracking()
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.IsActive, Owned = db.Clients.Count(c => c.OwnerId == u.Id) })
            .OrderBy(u => u.DisplayName).ToListAsync(ct);
        Owners = owners.Where(o => o.Owned > 0 || o.Id == From)
            .Select(o => new SelectListItem($"{o.DisplayName} ({f.Number(o.Owned)})" + (o.IsActive ? "" : " — " + t["inactive"]), o.Id, o.Id == From)).ToList();
        Targets = owners.Where(o => o.IsActive && o.Id != From).Select(o => new SelectListItem($"{o.DisplayName} ({o.Email})", o.Id)).ToList();
        var from = owners.FirstOrDefault(o => o.Id == From);
        if (from is null) return;
        FromName = from.DisplayName;
        FromIsActive = from.IsActive;
        OwnedCount = from.Owned;
        Clients = await db.Clients.AsNoTracking().Where(c => c.OwnerId == From).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(ListLimit)
            .Select(c => new Row(c.Id, c.Name, c.Status, c.Stage, c.NextCheckInOn,
                db.FollowUps.Count(f => f.ClientId == c.Id && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed))))
            .ToListAsync(ct);
    }
}
