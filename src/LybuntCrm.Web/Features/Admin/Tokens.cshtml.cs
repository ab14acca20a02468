using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>Every person's API tokens that are not revoked, for an admin to see who uses the API and to revoke any.</summary>
public sealed class TokensModel(CrmDbContext db, ApiTokens tokens, UserManager<AppUser> users, IClock clock) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public sealed record Row(int Id, string Name, string Hint, string OwnerName, string? OwnerEmail, ApiTokenScope Scope,
        DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, bool Expired);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var zone = TimeZones.Find((await users.GetUserAsync(User))?.TimeZoneId ?? "UTC");
        var now = clock.UtcNow;
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.RevokedAtUtc == null)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.DisplayName, u.Email })
            .OrderBy(x => x.DisplayName).ThenByDescending(x => x.Token.Id).ToListAsync(ct);
        DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        Rows = [.. rows.Select(x => new Row(x.Token.Id, x.Token.Name, x.Token.Hint, x.DisplayName, x.Email, x.Token.Scope, Local(x.Token.CreatedAtUtc),
            x.Token.ExpiresAtUtc is { } e ? Local(e) : null, x.Token.LastUsedAtUtc is { } u ? Local(u) : null, !x.Token.IsUsableAt(now)))];
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (await tokens.RevokeAsync(id, null, User, ct)) TempData["Flash"] = "The token is revoked.";
        else TempData["Flash"] = "That token is not in use any more.";
        return RedirectToPage();
    }
}
