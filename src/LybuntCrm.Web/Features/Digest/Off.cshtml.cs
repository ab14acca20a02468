using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>The link at the bottom of every digest: works without signing in, the signed token names the user.</summary>
[AllowAnonymous]
public sealed class OffModel(CrmDbContext db, DigestLinks links, Audit audit) : PageModel
{
    public bool Valid { get; private set; }
    public bool AlreadyOff { get; private set; }
    public bool TurnedOff { get; private set; }
    public string MaskedEmail { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        var user = await FindAsync(token, ct);
        if (user is not { } found) return NotFoundPage();
        AlreadyOff = !found.DigestEnabled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var user = await FindAsync(token, ct);
        if (user is not { } found) return NotFoundPage();
        await db.Users.Where(u => u.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestEnabled, false), ct);
        if (found.DigestEnabled)
            await audit.RecordNowAsync("digest.turned-off", "User", found.Id, "from the link in the email");
        TurnedOff = true;
        return Page();
    }

    private IActionResult NotFoundPage()
    {
        Valid = false;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private async Task<(string Id, string? Email, bool DigestEnabled)?> FindAsync(string token, CancellationToken ct)
    {
        var userId = links.UserIdFrom(token);
        if (userId is null) return null;
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.DigestEnabled }).FirstOrDefaultAsync(ct);
        if (user is null) return null;
        Valid = true;
        MaskedEmail = Mask(user.Email);
        return (user.Id, user.Email, user.DigestEnabled);
    }

    /// <summary>Shows enough of the address to recognise it without giving it away: <c>a***@example.com</c>.</summary>
    public static string Mask(string? email)
    {
        if (string.IsNullOrEmpty(email)) return "";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "***" + email[Math.Max(0, at)..] : email[0] + "***" + email[at..];
    }
}
