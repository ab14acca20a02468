using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin.Users;

public sealed class IndexModel(CrmDbContext db) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(string Id, string Name, string Email, string Role, string TimeZone, int Capacity, bool Active, int Clients);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var roles = db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name });
        Rows = await db.Users.AsNoTracking()
            .OrderByDescending(u => u.IsActive).ThenBy(u => u.DisplayName)
            .Select(u => new Row(u.Id, u.DisplayName, u.Email!,
                roles.Where(r => r.UserId == u.Id).Select(r => r.Name).FirstOrDefault() ?? "",
                u.TimeZoneId, u.DailyCapacity, u.IsActive,
                db.Clients.Count(c => c.OwnerId == u.Id)))
            .ToListAsync(ct);
    }

    /// <summary>The role's English name, a key of SharedResource ("Account manager", "Admin").</summary>
    public static string RoleName(string role) => role == Roles.AccountManager ? "Account manager" : role;
}
