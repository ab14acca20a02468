using System.ComponentModel.DataAnnotations;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Prospects;

/// <summary>The thresholds of the prospect signals. Admin-only.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class SettingsModel(CrmDbContext db, Audit audit) : PageModel
{
    [BindProperty] public ThresholdsForm Input { get; set; } = new();

    public sealed class ThresholdsForm
    {
        [Range(1, 365, ErrorMessage = "Between 1 and 365 days.")]
        [Display(Name = "Idea taker: days without a response after a proposal")]
        public int IdeaTakerDays { get; set; }

        [Range(1, 50, ErrorMessage = "Between 1 and 50.")]
        [Display(Name = "Always too busy: postponements or no-shows")]
        public int DelayCount { get; set; }

        [Range(7, 730, ErrorMessage = "Between 7 and 730 days.")]
        [Display(Name = "… counted over the last days")]
        public int DelayWindowDays { get; set; }

        [Range(1, 1000, ErrorMessage = "Between 1 and 1000 percent.")]
        [Display(Name = "Too costly: acquisition cost above this percentage of expected value")]
        public int CostPercent { get; set; }

        [Range(7, 730, ErrorMessage = "Between 7 and 730 days.")]
        [Display(Name = "Gone quiet: days without an inbound response")]
        public int QuietDays { get; set; }

        [Range(1, 365, ErrorMessage = "Between 1 and 365 days.")]
        [Display(Name = "Keep pursuing silences the signals for days")]
        public int SilenceDays { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var t = await ProspectSignalQuery.ThresholdsAsync(db, ct);
        Input = new ThresholdsForm
        {
            IdeaTakerDays = t.IdeaTakerDays,
            DelayCount = t.DelayCount,
            DelayWindowDays = t.DelayWindowDays,
            CostPercent = t.CostPercent,
            QuietDays = t.QuietDays,
            SilenceDays = t.SilenceDays,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var values = new Dictionary<string, int>
        {
            [SettingKeys.ProspectIdeaTakerDays] = Input.IdeaTakerDays,
            [SettingKeys.ProspectDelayCount] = Input.DelayCount,
            [SettingKeys.ProspectDelayWindowDays] = Input.DelayWindowDays,
            [SettingKeys.ProspectCostPercent] = Input.CostPercent,
            [SettingKeys.ProspectQuietDays] = Input.QuietDays,
            [SettingKeys.ProspectSilenceDays] = Input.SilenceDays,
        };
        foreach (var (key, value) in values)
            await db.StageSettingAsync(key, value.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        audit.Record("setting.changed", "AppSetting", "Prospects",
            string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = "Signal thresholds saved. The next prospect review uses them.";
        return RedirectToPage();
    }
}
