using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

[EnableRateLimiting(Infrastructure.Security.Policies.Login)]
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, Audit audit, IStringLocalizer<SharedResource> t)
    : PageModel
{
    [BindProperty] public LoginInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        // One wording for every failure, so the page does not reveal which accounts exist.
        var failure = t["Email or password is incorrect, or the account is locked. Try again in a few minutes."];
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || !user.IsActive)
        {
            await audit.RecordNowAsync("login.failed", "User", user?.Id, user is null ? "unknown account" : "inactive account");
            ModelState.AddModelError(string.Empty, failure);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl, RememberMe = Input.RememberMe });
        if (!result.Succeeded)
        {
            await audit.RecordNowAsync("login.failed", "User", user.Id, result.IsLockedOut ? "locked out" : "wrong password");
            ModelState.AddModelError(string.Empty, failure);
            return Page();
        }

        await audit.RecordNowAsync("login.succeeded", "User", user.Id, user: await signIn.CreateUserPrincipalAsync(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    /// <summary>The challenge for a passkey sign-in, fetched by passkeys.js (the antiforgery token comes as a header).</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync([FromServices] PasskeySignIn passkeys) =>
        Content(await passkeys.RequestOptionsAsync(), "application/json");

    /// <summary>Signs in with the passkey the browser returned; one wording for every refusal, as for the password.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync([FromServices] PasskeySignIn passkeys, [FromForm] string? credentialJson)
    {
        ModelState.Clear();
        if (await passkeys.SignInAsync(credentialJson, Input.RememberMe) is null)
        {
            ModelState.AddModelError(string.Empty, t["That passkey did not sign you in, or the account is locked. Try again in a few minutes, or use your password."]);
            return Page();
        }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
