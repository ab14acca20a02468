using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Clients.PersonalData;

/// <summary>Erases a contact's personal data, for admins only, once the contact's name is typed exactly.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ContactEraseModel(CrmDbContext db, ContactPersonalData personalData, IStringLocalizer<SharedResource> t) : PageModel
{
    public string ContactName { get; private set; } = "";
    public string ClientName { get; private set; } = "";
    public int ClientId { get; private set; }

    [BindProperty] public string? TypedName { get; set; }

    public async Task<IActionResult> OnGetAsync(int clientId, int contactId, CancellationToken ct) =>
        await LoadAsync(clientId, contactId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int clientId, int contactId, CancellationToken ct)
    {
        if (await LoadAsync(clientId, contactId, ct) is { } refused) return refused;
        if (TextInput.Clean(TypedName) != ContactName.Trim())
        {
            ModelState.AddModelError(nameof(TypedName), t["Type the contact's name exactly as shown to erase it."]);
            return Page();
        }
        await personalData.EraseAsync(clientId, contactId, t["Erased contact"], User, ct);
        TempData["Flash"] = t["The contact's personal data was erased."].Value;
        return Redirect($"/Clients/{clientId}");
    }

    private async Task<IActionResult?> LoadAsync(int clientId, int contactId, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId && c.ClientId == clientId)
            .Select(c => new { c.Name, ClientName = c.Client!.Name }).FirstOrDefaultAsync(ct);
        if (contact is null) return NotFound();
        (ClientId, ContactName, ClientName) = (clientId, contact.Name, contact.ClientName);
        return null;
    }
}
