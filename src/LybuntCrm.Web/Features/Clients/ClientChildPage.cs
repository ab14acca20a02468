using LybuntCrm.Web.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients;

/// <summary>Base of the small pages that add something to one client: knows the client's name and contacts.</summary>
public abstract class ClientChildPage(CrmDbContext db) : PageModel
{
    protected CrmDbContext Db { get; } = db;

    public int ClientId { get; protected set; }
    public string ClientName { get; protected set; } = "";
    public IReadOnlyList<(int Id, string Name)> ContactOptions { get; protected set; } = [];

    protected async Task LoadClientAsync(int clientId, CancellationToken ct)
    {
        ClientId = clientId;
        ClientName = await Db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).FirstAsync(ct);
        ContactOptions = (await Db.Contacts.AsNoTracking().Where(c => c.ClientId == clientId).OrderBy(c => c.Name)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct)).Select(c => (c.Id, c.Name)).ToList();
    }
}
