using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Account;

/// <summary>Each user's own settings: name, time zone, working days and the daily email.</summary>
public sealed class ProfileModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, Audit audit, ClientChanges changes) : PageModel
{
    [BindProperty] public ProfileForm Input { get; set; } = new();
    public string Email { get; private set; } = "";

    public sealed class ProfileForm
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100, ErrorMessage = "The name can have at most 100 characters.")]
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "Time zone")]
        public string TimeZoneId { get; set; } = "UTC";

        [Display(Name = "Send me the daily email")]
        public bool DigestEnabled { get; set; } = true;

        [Display(Name = "Working days")]
        public List<DayOfWeek> WorkingDays { get; set; } = [];

        [Range(0, 23, ErrorMessage = "Choose an hour between 0 and 23.")]
        [Display(Name = "Send it at")]
        public int DigestHour { get; set; } = 7;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Email = user.Email ?? "";
        Input = new ProfileForm
        {
            DisplayName = user.DisplayName,
            TimeZoneId = user.TimeZoneId,
            DigestEnabled = user.DigestEnabled,
            DigestHour = user.DigestHour,
            WorkingDays = [.. WorkWeek.FromMask(user.WorkingDays).Days()],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Email = user.Email ?? "";
        var name = TextInput.Clean(Input.DisplayName);
        if (name is null && ModelState.GetFieldValidationState("Input.DisplayName") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError("Input.DisplayName", "Enter your name.");
        if (!TimeZones.IsKnown(Input.TimeZoneId))
            ModelState.AddModelError("Input.TimeZoneId", "Choose a time zone from the list.");
        if (Input.WorkingDays.Count == 0 || Input.WorkingDays.Any(d => !Enum.IsDefined(d)))
            ModelState.AddModelError("Input.WorkingDays", "Choose at least one working day.");
        if (!ModelState.IsValid) return Page();

        var week = WorkWeek.Of([.. Input.WorkingDays]);
        var replan = week.Mask != user.WorkingDays;
        user.WorkingDays = week.Mask;
        user.DisplayName = name!;
        user.TimeZoneId = Input.TimeZoneId;
        user.DigestEnabled = Input.DigestEnabled;
        user.DigestHour = Input.DigestHour;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(string.Empty, error.Description);
            return Page();
        }
        if (replan) await changes.ManagerScheduleChangedAsync(user.Id);
        await audit.RecordNowAsync("profile.updated", "User", user.Id,
            $"digest {(Input.DigestEnabled ? "on" : "off")} at {Input.DigestHour}:00 {Input.TimeZoneId}");
        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = "Your profile is saved.";
        return RedirectToPage();
    }
}
