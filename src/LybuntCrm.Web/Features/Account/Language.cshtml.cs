using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The footer's language switcher posts here. Everyone gets the culture cookie (so the sign-in page follows too);
/// a signed-in user's choice is also saved on their account and the sign-in refreshed, so the culture claim changes.
/// </summary>
public sealed class LanguageModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, LybuntCrm.Web.Infrastructure.Changes.ClientChanges changes) : PageModel
{
    public IActionResult OnGet(string? returnUrl) => LocalRedirect(Local(returnUrl));

    public async Task<IActionResult> OnPostAsync(string? culture, string? returnUrl)
    {
        if (!CultureScope.IsSupported(culture)) return BadRequest();
        var name = culture!.ToLowerInvariant();
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(name)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps });

        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user && user.Culture != name)
        {
            var replan = user.ChangeCulture(name);
            await users.UpdateAsync(user);
            if (replan) await changes.ManagerScheduleChangedAsync(user.Id);
            await signIn.RefreshSignInAsync(user);
        }
        return LocalRedirect(Local(returnUrl));
    }

    private string Local(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
