using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Account;

/// <summary>The signed-in person's language and calendar.</summary>
public sealed class PreferencesModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> t,
    LybuntCrm.Web.Infrastructure.Changes.ClientChanges changes) : PageModel
{
    [BindProperty] public PreferencesInput Input { get; set; } = new();

    public sealed class PreferencesInput
    {
        [Display(Name = "Language")]
        public string Culture { get; set; } = "en";

        [Display(Name = "Calendar")]
        public bool UseSolarHijri { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        Input = new PreferencesInput { Culture = user.Culture, UseSolarHijri = user.UseSolarHijri };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!CultureScope.IsSupported(Input.Culture))
            ModelState.AddModelError("Input.Culture", "Choose a language from the list.");
        if (!ModelState.IsValid) return Page();

        var replan = user.ChangeCulture(Input.Culture.ToLowerInvariant());
        user.UseSolarHijri = Input.UseSolarHijri;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Description);
            return Page();
        }
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(user.Culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = Request.IsHttps });
        if (replan) await changes.ManagerScheduleChangedAsync(user.Id);
        await signIn.RefreshSignInAsync(user);
        // The flash is shown on the next request, which already speaks the new language.
        using (CultureScope.Use(user.Culture)) TempData["Flash"] = t["Your preferences are saved."].Value;
        return RedirectToPage();
    }
}
