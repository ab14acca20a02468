using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin.Users;

public sealed class EditModel(UserManager<AppUser> users, UserAccounts accounts, UserSessions sessions, Audit audit, IStringLocalizer<SharedResource> t)
    : PageModel
{
    [BindProperty] public EditForm Input { get; set; } = new();
    public string Email { get; private set; } = "";
    public bool IsSelf { get; private set; }
    public int OpenSessions { get; private set; }
    public bool TwoFactorEnabled { get; private set; }

    public sealed class EditForm : UserForm
    {
        [Display(Name = "Account is active")]
        public bool IsActive { get; set; } = true;

        [StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password (leave empty to keep)")]
        public string? NewPassword { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        Describe(user);
        OpenSessions = await sessions.CountOpenAsync(user.Id);
        Input = new EditForm
        {
            DisplayName = user.DisplayName,
            Role = await accounts.RoleOfAsync(user) ?? Roles.AccountManager,
            TimeZoneId = user.TimeZoneId,
            DailyCapacity = user.DailyCapacity,
            WorkingDays = [.. WorkWeek.FromMask(user.WorkingDays).Days()],
            DigestEnabled = user.DigestEnabled,
            IsActive = user.IsActive,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        Describe(user);
        OpenSessions = await sessions.CountOpenAsync(user.Id);
        Input.Validate(ModelState, nameof(Input));
        if (IsSelf && (!Input.IsActive || Input.Role != Roles.Admin))
            ModelState.AddModelError(string.Empty, "You cannot deactivate yourself or remove your own admin role; ask another admin.");
        if (!ModelState.IsValid) return Page();

        var result = await accounts.UpdateAsync(user, new UserChanges(Input.DisplayName, Input.Role, Input.TimeZoneId,
            Input.DailyCapacity, Input.DigestEnabled, Input.IsActive, Input.NewPassword, Input.WorkWeek));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error);
            return Page();
        }
        TempData["Flash"] = t["Saved {0}.", Bidi.Isolate(Input.DisplayName)].Value;
        return RedirectToPage("Index");
    }

    /// <summary>Signs the person out of every browser at once (a lost phone, a shared computer).</summary>
    public async Task<IActionResult> OnPostEndSessionsAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        var ended = await sessions.EndAllAsync(user.Id, SessionEndReason.EndedByAdmin);
        await audit.RecordNowAsync("user.sessions_ended", "User", user.Id, $"{ended} sessions");
        TempData["Flash"] = t["{0} is signed out of every browser.", Bidi.Isolate(user.DisplayName)].Value;
        return RedirectToPage(new { id });
    }

    /// <summary>For a lost phone: turns the person's two-factor sign-in off and ends their sessions.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(string id, [FromServices] TwoFactorAccounts twoFactor)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null) return NotFound();
        await twoFactor.ResetAsync(user, "admin");
        await sessions.EndAllAsync(user.Id, SessionEndReason.EndedByAdmin);
        TempData["Flash"] = t["Two-factor sign-in is reset for {0}. They sign in with their password, and set it up again if it is required.",
            Bidi.Isolate(user.DisplayName)].Value;
        return RedirectToPage(new { id });
    }

    private void Describe(AppUser user)
    {
        Email = user.Email ?? "";
        IsSelf = user.Id == User.Id();
        TwoFactorEnabled = user.TwoFactorEnabled;
    }
}
