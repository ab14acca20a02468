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
    }
}
