using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>The second step of signing in with one of the ten recovery codes instead of the app; each code works once.</summary>
[AllowAnonymous]
[EnableRateLimiting(Infrastructure.Security.Policies.Login)]
public sealed class LoginRecoveryCodeModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, Audit audit, IStringLocalizer<SharedResource> t,
    DisplayFormat f)
    : PageModel
{
    [BindProperty] public CodeInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [Display(Name = "Recovery code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToPage("/Account/Login", new { ReturnUrl });
        if (!ModelState.IsValid) return Page();
        var failure = t["The code is not correct, or the account is locked. Try again in a few minutes."];

        // Identity checks neither lockout nor failures for recovery codes; they count here as wrong app codes do, so the
        // ten codes cannot be guessed at any faster than the app's.
        if (!user.IsActive || await users.IsLockedOutAsync(user))
        {
            await audit.RecordNowAsync("login.two_factor_failed", "User", user.Id, user.IsActive ? "locked out" : "inactive account");
            ModelState.AddModelError(string.Empty, failure);
            return Page();
        }
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Input.Code.Trim());
        if (!result.Succeeded)
        {
            await users.AccessFailedAsync(user);
            await audit.RecordNowAsync("login.two_factor_failed", "User", user.Id, "wrong recovery code");
            ModelState.AddModelError(string.Empty, failure);
            Input.Code = "";
            return Page();
        }
        // Identity signs in for the browser session only; keep the "keep me signed in" choice made with the password.
        if (RememberMe)
            await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = true }, [new Claim("amr", "mfa")]);
        var left = await users.CountRecoveryCodesAsync(user);
        await audit.RecordNowAsync("login.recovery_code_used", "User", user.Id, $"{left} left", await signIn.CreateUserPrincipalAsync(user));
        TempData["Flash"] = left == 1
            ? t["You signed in with a recovery code. You have {0} code left: make new ones on the two-factor page.", f.Number(left)].Value
            : t["You signed in with a recovery code. You have {0} codes left: make new ones on the two-factor page.", f.Number(left)].Value;
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
