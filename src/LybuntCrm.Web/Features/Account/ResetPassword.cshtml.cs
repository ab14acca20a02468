using System.ComponentModel.DataAnnotations;
using System.Text;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The page a reset link opens: a new password, twice. A link that has expired, was used, or names an account that is no
/// longer active is refused with a way to ask for a new one. A reset unlocks the account and ends every session.
/// </summary>
[EnableRateLimiting(Policies.PasswordReset)]
public sealed class ResetPasswordModel(UserManager<AppUser> users, UserSessions sessions, Audit audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "id")] public string? AccountId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty] public ResetInput Input { get; set; } = new();
    public bool LinkRefused { get; private set; }

    public sealed class ResetInput
    {
        [Required(ErrorMessage = "Enter a new password.")]
        [StringLength(200, ErrorMessage = "The password can have at most 200 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Enter the new password again.")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        LinkRefused = await AccountForLinkAsync() is null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await AccountForLinkAsync();
        if (user is null)
        {
            LinkRefused = true;
            return Page();
        }
        if (!ModelState.IsValid) return Page();

        var result = await users.ResetPasswordAsync(user, Token()!, Input.NewPassword);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))) LinkRefused = true;
            foreach (var error in result.Errors) ModelState.AddModelError("Input.NewPassword", error.Description);
            return Page();
        }
        // The new password changed the security stamp, so this link is spent; a lockout from failed sign-ins ends too.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await sessions.EndAllAsync(user.Id, SessionEndReason.PasswordReset);
        await audit.RecordNowAsync("password.reset", "User", user.Id);
        TempData["Flash"] = "Your password is changed and every browser was signed out. Sign in with the new password.";
        return RedirectToPage("/Account/Login");
    }

    /// <summary>The active account the link names, when its code is still good; null otherwise.</summary>
    private async Task<AppUser?> AccountForLinkAsync()
    {
        var token = Token();
        if (token is null || string.IsNullOrEmpty(AccountId)) return null;
        var user = await users.FindByIdAsync(AccountId);
        if (user is not { IsActive: true }) return null;
        var valid = await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
            UserManager<AppUser>.ResetPasswordTokenPurpose, token);
        return valid ? user : null;
    }

    private string? Token()
    {
        if (string.IsNullOrEmpty(Code)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
