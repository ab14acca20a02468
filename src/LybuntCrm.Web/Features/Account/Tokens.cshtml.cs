using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Api;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// "API tokens": a person's personal access tokens for the REST API. A new token is shown once, in the answer to the
/// form (never kept, never put in a cookie); the list shows when each was last used, and revokes one.
/// </summary>
public sealed class TokensModel(CrmDbContext db, ApiTokens tokens, UserManager<AppUser> users, IClock clock) : PageModel
{
    [BindProperty] public TokenInput Input { get; set; } = new();
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    /// <summary>The token just made; shown on this answer only.</summary>
    public string? NewToken { get; private set; }
    public string TimeZoneId { get; private set; } = "UTC";

    public sealed record Row(int Id, string Name, string Hint, ApiTokenScope Scope, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, bool Expired);

    public sealed class TokenInput
    {
        [Required(ErrorMessage = "Give the token a name.")]
        [StringLength(ApiToken.NameMaxLength, ErrorMessage = "Keep the name under 100 characters.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [Range(1, ApiTokens.MaxExpiryDays, ErrorMessage = "Choose between 1 and 3650 days, or leave it empty.")]
        [Display(Name = "Expires after (days)")]
        public int? ExpiresInDays { get; set; } = 90;

        [Display(Name = "Access")]
        public ApiTokenScope Scope { get; set; } = ApiTokenScope.Read;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!Enum.IsDefined(Input.Scope)) ModelState.AddModelError("Input.Scope", "Choose what the token may do.");
        if (ModelState.IsValid)
        {
            var created = await tokens.CreateAsync(User.Id(), Input.Name, Input.Scope, Input.ExpiresInDays, User, ct);
            NewToken = created.Token;
            ModelState.Clear();
            Input = new TokenInput();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        // Only the person's own tokens match: another account's id revokes nothing.
        if (await tokens.RevokeAsync(id, User.Id(), User, ct)) TempData["Flash"] = "The token is revoked.";
        else TempData["Flash"] = "That token is not in use any more.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        TimeZoneId = (await users.GetUserAsync(User))?.TimeZoneId ?? "UTC";
        var zone = TimeZones.Find(TimeZoneId);
        var now = clock.UtcNow;
        var me = User.Id();
        var rows = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == me && t.RevokedAtUtc == null)
            .OrderByDescending(t => t.Id).ToListAsync(ct);
        DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        Rows = [.. rows.Select(t => new Row(t.Id, t.Name, t.Hint, t.Scope, Local(t.CreatedAtUtc), t.ExpiresAtUtc is { } e ? Local(e) : null,
            t.LastUsedAtUtc is { } u ? Local(u) : null, !t.IsUsableAt(now)))];
    }
}
