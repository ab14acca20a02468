using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>Who did what, when (UTC): sign-ins, role changes, imports, exports, ownership changes, deletions.</summary>
public sealed class AuditModel(CrmDbContext db) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? UserEmail { get; set; }
    /// <summary>Keyset cursor: show events older than this id.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public IReadOnlyList<AuditEvent> Events { get; private set; } = [];
    /// <summary>Display names of the users the events name (who acted, and users as records), by id.</summary>
    public IReadOnlyDictionary<string, string> UserNames { get; private set; } = new Dictionary<string, string>();
    /// <summary>Names of the clients the events name, by id.</summary>
    public IReadOnlyDictionary<int, string> ClientNames { get; private set; } = new Dictionary<int, string>();
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Actions = await db.AuditEvents.AsNoTracking().Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action)) query = query.Where(e => e.Action == Action);
        if (!string.IsNullOrWhiteSpace(UserEmail)) query = query.Where(e => e.UserEmail != null && e.UserEmail.Contains(UserEmail.Trim()));
        if (Before is { } before) query = query.Where(e => e.Id < before);
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        NextBefore = rows.Count > PageSize ? rows[PageSize - 1].Id : null;
        Events = rows.Take(PageSize).ToList();

        // Names instead of ids: one query for the users and one for the clients of the page.
        var userIds = Events.Select(e => e.UserId).Concat(Events.Where(e => e.EntityType == "User").Select(e => e.EntityId))
            .OfType<string>().Distinct().ToList();
        UserNames = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var clientIds = Events.Select(ClientIdOf).OfType<int>().Distinct().ToList();
        ClientNames = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
    }

    /// <summary>The client an event is about: the record itself, or the client its detail names ("client 42").</summary>
    public static int? ClientIdOf(AuditEvent e)
    {
        if (e.EntityType == nameof(Client) && int.TryParse(e.EntityId, System.Globalization.CultureInfo.InvariantCulture, out var id)) return id;
        return e.Detail is { } detail && detail.StartsWith("client ", StringComparison.Ordinal)
            && int.TryParse(detail.AsSpan(7), System.Globalization.CultureInfo.InvariantCulture, out var named) ? named : null;
    }
}
