using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LybuntCrm.Web.Features.Admin.Users;

/// <summary>The fields the create and edit pages share.</summary>
public class UserForm
{
    [Required(ErrorMessage = "Enter the person's name.")]
    [StringLength(200, ErrorMessage = "Keep the name under 200 characters.")]
    [Display(Name = "Name")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "Role")]
    public string Role { get; set; } = Roles.AccountManager;

    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = "UTC";

    [Range(1, 100, ErrorMessage = "Daily capacity must be between 1 and 100 follow-ups.")]
    [Display(Name = "Daily capacity (follow-ups a day)")]
    public int DailyCapacity { get; set; } = AppUser.DefaultDailyCapacity;

    /// <summary>The days this person works; nothing is planned on the others.</summary>
    [Display(Name = "Working days")]
    public List<DayOfWeek> WorkingDays { get; set; } = [.. WorkWeek.MondayToFriday.Days()];

    public WorkWeek WorkWeek => WorkWeek.Of([.. WorkingDays]);

    [Display(Name = "Send the daily reminder email")]
    public bool DigestEnabled { get; set; } = true;

    /// <summary>Adds the errors data annotations cannot express.</summary>
    public void Validate(ModelStateDictionary state, string prefix)
    {
        if (!Roles.All.Contains(Role)) state.AddModelError($"{prefix}.Role", "Choose a role from the list.");
        if (!TimeZones.IsKnown(TimeZoneId)) state.AddModelError($"{prefix}.TimeZoneId", "Choose a time zone from the list.");
        if (WorkingDays.Count == 0 || WorkingDays.Any(d => !Enum.IsDefined(d)))
            state.AddModelError($"{prefix}.WorkingDays", "Choose at least one working day.");
    }
}
