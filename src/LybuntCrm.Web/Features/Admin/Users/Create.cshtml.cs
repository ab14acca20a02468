using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin.Users;

public sealed class CreateModel(UserAccounts accounts, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public CreateForm Input { get; set; } = new();

    public sealed class CreateForm : UserForm
    {
        [Required(ErrorMessage = "Enter the email address the person signs in with.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a first password (at least 10 characters).")]
        [StringLength(200, MinimumLength = 10, ErrorMessage = "The password needs at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "First password")]
        public string Password { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Validate(ModelState, nameof(Input));
        if (!ModelState.IsValid) return Page();
        var result = await accounts.CreateAsync(new NewUser(Input.Email, Input.Password, Input.DisplayName, Input.Role, Input.TimeZoneId, Input.DailyCapacity)
        {
            DigestEnabled = Input.DigestEnabled,
            WorkingDays = Input.WorkWeek,
        });
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error);
            return Page();
        }
        TempData["Flash"] = t["{0} can now sign in.", Bidi.Isolate(Input.DisplayName)].Value;
        return RedirectToPage("Index");
    }
}
