using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Record-level rule for every change to a client and what belongs to it.</summary>
public static class ClientAccess
{
    /// <summary>
    /// Null when the signed-in user may change the client; otherwise 404 (no such client) or 403 (someone else's).
    /// A plain 403 status (not a redirect) so a refused change answers 403 and shows the friendly status page.
    /// </summary>
    public static async Task<IActionResult?> RefuseChangeAsync(this PageModel page, CrmDbContext db, int clientId, CancellationToken ct)
    {
        var owner = await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.OwnerId).FirstOrDefaultAsync(ct);
        if (owner is null) return page.NotFound();
        return page.User.CanChangeClientOwnedBy(owner) ? null : page.StatusCode(StatusCodes.Status403Forbidden);
    }

    /// <summary>Rebuilds the folded search text of a client from its name, external id and contacts (one query, one update).</summary>
    public static async Task RefreshSearchTextAsync(CrmDbContext db, int clientId, CancellationToken ct)
    {
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == clientId)
            .Select(c => new { c.Name, c.ExternalId }).FirstAsync(ct);
        var text = await SearchTextAsync(db, clientId, client.Name, client.ExternalId, ct);
        await db.Clients.Where(c => c.Id == clientId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SearchText, text), ct);
    }

    /// <summary>The folded search text of a client with this name and external id and the contacts it has (none when new).</summary>
    public static async Task<string> SearchTextAsync(CrmDbContext db, int? clientId, string name, string? externalId, CancellationToken ct)
    {
        var contacts = clientId is { } id
            ? await db.Contacts.AsNoTracking().Where(c => c.ClientId == id).OrderBy(c => c.Id)
                .Select(c => new { c.Name, c.Email, c.Phone }).ToListAsync(ct)
            : [];
        return SearchText.ForClient(name, externalId, contacts.Select(c => (c.Name, c.Email, c.Phone)));
    }
}
