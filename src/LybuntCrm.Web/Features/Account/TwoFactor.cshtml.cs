using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// Two-factor sign-in for the signed-in person: set it up with an authenticator app, see and renew recovery codes, forget
/// this browser, turn it off. Also where the admin requirement leads someone who has not set it up yet.
/// </summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, TwoFactorAccounts twoFactor) : PageModel
{
    [BindProperty] public EnableInput Enable { get; set; } = new();
    [BindProperty] public DisableInput Disable { get; set; } = new();
    /// <summary>Where the person was going when the admin requirement sent them here.</summary>
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public bool IsEnabled { get; private set; }
    public bool IsRequired { get; private set; }
    public bool BrowserRemembered { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public string GroupedKey { get; private set; } = "";
    public string QrCode { get; private set; } = "";
    /// <summary>Recovery codes just made: shown once, in this response only.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];
    public string ContinueUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";

    public sealed class EnableInput
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app.")]
        [Display(Name = "Code from your authenticator app")]
        public string Code { get; set; } = "";
    }

    public sealed class DisableInput
    {
        [Required(ErrorMessage = "Enter your password or a code from your authenticator app.")]
        [DataType(DataType.Password)]
        [Display(Name = "Your password or a code from the app")]
        public string Proof { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        // Each form posts its own input: only that one is checked.
        ModelState.Clear();
        if (TryValidateModel(Enable, nameof(Enable)) && !user.TwoFactorEnabled)
        {
            var codes = await twoFactor.EnableAsync(user, Enable.Code);
            if (codes is not null)
            {
                // Turning it on renewed the security stamp; re-issue this browser's cookie so only the other sessions end.
                await signIn.RefreshSignInAsync(user);
                NewRecoveryCodes = codes;
                TempData["Flash"] = "Two-factor sign-in is on.";
                await LoadAsync(user);
                return ShownOnce();
            }
            ModelState.AddModelError("Enable.Code", "That code is not right. Check that the time on your phone is correct and try the newest code.");
        }
        Enable.Code = "";
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        NewRecoveryCodes = await twoFactor.NewRecoveryCodesAsync(user);
        ModelState.Clear();
        await LoadAsync(user);
        return ShownOnce();
    }

    public async Task<IActionResult> OnPostForgetBrowserAsync()
    {
        await signIn.ForgetTwoFactorClientAsync();
        TempData["Flash"] = "This browser will ask for a code again at the next sign-in.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        ModelState.Clear();
        if (!user.TwoFactorEnabled) return RedirectToPage();
        if (await twoFactor.IsRequiredAsync(user))
        {
            ModelState.AddModelError(string.Empty, "Your administrator requires two-factor sign-in for your account, so it cannot be turned off.");
        }
        else if (TryValidateModel(Disable, nameof(Disable)) && !await ProvedAsync(user, Disable.Proof))
        {
            await users.AccessFailedAsync(user);
            ModelState.AddModelError("Disable.Proof", "That is neither your password nor a current code from the app.");
        }
        if (!ModelState.IsValid)
        {
            Disable.Proof = "";
            await LoadAsync(user);
            return Page();
        }
        await twoFactor.DisableAsync(user);
        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Two-factor sign-in is off. Only your password is asked for now.";
        return RedirectToPage();
    }

    /// <summary>A six-digit answer is a code from the app; anything else is the password (which has at least ten characters).</summary>
    private async Task<bool> ProvedAsync(AppUser user, string proof) =>
        ClockedAuthenticatorTokenProvider.Normalize(proof) is { } code
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : await users.CheckPasswordAsync(user, proof);

    private PageResult ShownOnce()
    {
        // The codes are in this response only: never kept by the browser or a proxy.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    private async Task LoadAsync(AppUser user)
    {
        IsEnabled = user.TwoFactorEnabled;
        IsRequired = await twoFactor.IsRequiredAsync(user);
        if (IsEnabled)
        {
            RecoveryCodesLeft = await twoFactor.RecoveryCodesLeftAsync(user);
            BrowserRemembered = await signIn.IsTwoFactorClientRememberedAsync(user);
            return;
        }
        var key = await twoFactor.AuthenticatorKeyAsync(user);
        GroupedKey = AuthenticatorQr.Grouped(key);
        QrCode = AuthenticatorQr.SvgDataUri(AuthenticatorQr.OtpAuthUri(user.Email ?? user.UserName ?? user.Id, key));
        Response.Headers.CacheControl = "no-store";
    }
}
