using System.Globalization;
using Hangfire;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>
/// Admin settings, one card per area. Each area has its own handler and input, so settings added later sit beside the
/// existing ones without touching them.
/// </summary>
public sealed class SettingsModel(CrmDbContext db, Audit audit, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty] public FiscalYearInput FiscalYear { get; set; } = new();
    [BindProperty] public WinBackInput WinBack { get; set; } = new();

    public sealed class WinBackInput
    {
        public int? CadenceDays { get; set; }
    }

    public sealed class FiscalYearInput
    {
        public int? StartMonth { get; set; }
    }

    public static IEnumerable<(int Number, string Name)> Months =>
        Enumerable.Range(1, 12).Select(m => (m, CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(m)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        FiscalYear.StartMonth = await db.FiscalStartMonthAsync(ct);
        WinBack.CadenceDays = await db.GetIntSettingAsync(SettingKeys.WinBackCadenceDays, ClientChanges.DefaultWinBackCadenceDays, ct);
    }

    public async Task<IActionResult> OnPostWinBackAsync(CancellationToken ct)
    {
        ModelState.Clear();
        FiscalYear.StartMonth = await db.FiscalStartMonthAsync(ct);
        if (WinBack.CadenceDays is not (>= 1 and <= 365))
        {
            ModelState.AddModelError("WinBack.CadenceDays", t["Enter a number of days between 1 and 365."]);
            return Page();
        }
        var previous = await db.GetIntSettingAsync(SettingKeys.WinBackCadenceDays, ClientChanges.DefaultWinBackCadenceDays, ct);
        audit.Record("setting.changed", "AppSetting", SettingKeys.WinBackCadenceDays, $"{previous} -> {WinBack.CadenceDays}");
        await db.SetSettingAsync(SettingKeys.WinBackCadenceDays, WinBack.CadenceDays.Value.ToString(CultureInfo.InvariantCulture), ct);
        TempData["Flash"] = t["Settings saved."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostFiscalYearAsync([FromServices] IBackgroundJobClient jobs, CancellationToken ct)
    {
        ModelState.Clear();
        if (FiscalYear.StartMonth is not (>= 1 and <= 12))
        {
            ModelState.AddModelError("FiscalYear.StartMonth", t["Choose the month the fiscal year starts in."]);
            return Page();
        }
        var month = FiscalYear.StartMonth.Value;
        var previous = await db.FiscalStartMonthAsync(ct);
        audit.Record("setting.changed", "AppSetting", SettingKeys.FiscalYearStartMonth, $"{previous} -> {month}");
        await db.SetSettingAsync(SettingKeys.FiscalYearStartMonth, month.ToString(CultureInfo.InvariantCulture), ct);
        if (previous != month)
        {
            // Flags depend on the fiscal year: recompute them now rather than wait for the night.
            jobs.Enqueue<JobRunner>(r => r.RunAsync(LybuntFlagJob.JobId, CancellationToken.None));
            TempData["Flash"] = t["The fiscal year now starts in {0}. LYBUNT flags are being recalculated.",
                CultureInfo.CurrentCulture.DateTimeFormat.GetMonthName(month)].Value;
        }
        else
        {
            TempData["Flash"] = t["Settings saved."].Value;
        }
        return RedirectToPage();
    }
}
