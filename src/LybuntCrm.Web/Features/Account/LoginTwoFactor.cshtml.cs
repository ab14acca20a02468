using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>The second step of signing in: the code from the authenticator app, after the password was accepted.</summary>
[AllowAnonymous]
[EnableRateLimiting(Infrastructure.Security.Policies.Login)]
public sealed class LoginTwoFactorModel(SignInManager<AppUser> signIn, Audit audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public CodeInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    /// <summary>The "keep me signed in" choice made with the password.</summary>
    [BindProperty(SupportsGet = true)] public bool RememberMe { get; set; }

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app.")]
        [Display(Name = "Code from your authenticator app")]
        public string Code { get; set; } = "";

        [Display(Name = "Remember this browser for 30 days")]
        public bool RememberBrowser { get; set; }
    }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToLogin() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return RedirectToLogin();
        if (!ModelState.IsValid) return Page();
        // One wording for a wrong code, a locked account and a deactivated one.
        var failure = t["The code is not correct, or the account is locked. Try again in a few minutes."];
        if (!user.IsActive)
        {
            await audit.RecordNowAsync("login.two_factor_failed", "User", user.Id, "inactive account");
            ModelState.AddModelError(string.Empty, failure);
            return Page();
        }

        var code = Infrastructure.Security.ClockedAuthenticatorTokenProvider.Normalize(Input.Code) ?? Input.Code.Trim();
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberBrowser);
        if (!result.Succeeded)
        {
            await audit.RecordNowAsync("login.two_factor_failed", "User", user.Id, result.IsLockedOut ? "locked out" : "wrong code");
            ModelState.AddModelError(string.Empty, failure);
            Input.Code = "";
            return Page();
        }
        await audit.RecordNowAsync("login.succeeded", "User", user.Id,
            Input.RememberBrowser ? "authenticator code; browser remembered" : "authenticator code", await signIn.CreateUserPrincipalAsync(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private RedirectToPageResult RedirectToLogin() => RedirectToPage("/Account/Login", new { ReturnUrl });
}
