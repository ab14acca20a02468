using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Account;

/// <summary>"Signed-in browsers": where this account is signed in, and signing out one browser or all the others.</summary>
public sealed class SessionsModel(UserSessions sessions, UserManager<AppUser> users, Audit audit) : PageModel
{
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string TimeZoneId { get; private set; } = "UTC";

    /// <summary>A signed-in browser; times in the reader's own time zone.</summary>
    public sealed record Row(string Id, string? Browser, string? System, string? IpAddress, DateTime SignedInAt, DateTime LastSeenAt, bool IsThisBrowser);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var current = UserSessions.IdOf(User);
        TimeZoneId = (await users.GetUserAsync(User))?.TimeZoneId ?? "UTC";
        var zone = TimeZones.Find(TimeZoneId);
        Rows = [.. (await sessions.OpenOfAsync(User.Id(), ct)).Select(s =>
        {
            var (browser, system) = DeviceName.Describe(s.UserAgent);
            return new Row(s.Id, browser, system, s.IpAddress, TimeZoneInfo.ConvertTimeFromUtc(s.CreatedAtUtc, zone),
                TimeZoneInfo.ConvertTimeFromUtc(s.LastSeenAtUtc, zone), s.Id == current);
        }).OrderByDescending(r => r.IsThisBrowser)];
    }

    public async Task<IActionResult> OnPostEndAsync(string id, CancellationToken ct)
    {
        // Only the signed-in person's own sessions match: another account's id ends nothing.
        if (id == UserSessions.IdOf(User) || !await sessions.EndAsync(User.Id(), id, SessionEndReason.EndedByUser, ct))
        {
            TempData["Flash"] = "That browser is not signed in any more.";
            return RedirectToPage();
        }
        await audit.RecordNowAsync("session.ended", "User", User.Id());
        TempData["Flash"] = "That browser is signed out.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken ct)
    {
        var ended = await sessions.EndAllAsync(User.Id(), SessionEndReason.EndedByUser, UserSessions.IdOf(User), ct);
        await audit.RecordNowAsync("session.ended_others", "User", User.Id(), $"{ended} sessions");
        TempData["Flash"] = "Every other browser is signed out.";
        return RedirectToPage();
    }
}
