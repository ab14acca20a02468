using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Account;

/// <summary>Creates the first admin; exists only while there is no user at all.</summary>
public sealed class SetupModel(CrmDbContext db, UserAccounts accounts, SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public SetupInput Input { get; set; } = new();
    public IReadOnlyList<string> TimeZoneIds => TimeZones.Ids;

    public sealed class SetupInput
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Repeat the password.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
        [DataType(DataType.Password)]
        [Display(Name = "Repeat password")]
        public string ConfirmPassword { get; set; } = "";

        [Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "UTC";
    }

    public async Task<IActionResult> OnGetAsync() => await db.Users.AnyAsync() ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await db.Users.AnyAsync()) return NotFound();
        if (!TimeZones.IsKnown(Input.TimeZoneId))
            ModelState.AddModelError("Input.TimeZoneId", "Choose a time zone from the list.");
        if (!ModelState.IsValid) return Page();

        var result = await accounts.CreateAsync(new NewUser(Input.Email, Input.Password, Input.DisplayName, Roles.Admin, Input.TimeZoneId));
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error);
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        await signIn.SignInAsync(user!, isPersistent: false);
        TempData["Flash"] = "Welcome! Add your account managers, import your clients or load the demo data from the Admin page.";
        return Redirect("/Admin");
    }
}
