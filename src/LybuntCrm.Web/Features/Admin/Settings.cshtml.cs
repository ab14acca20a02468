using System.Globalization;
using System.Text.RegularExpressions;
using Hangfire;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Messages;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Jobs;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Admin;

/// <summary>
/// Admin settings, one card per area. Each area has its own handler and input, so settings added later sit beside the
/// existing ones without touching them.
/// </summary>
public sealed partial class SettingsModel(CrmDbContext db, Audit audit, HouseCurrency houseCurrency, PhoneRegion phoneRegion,
    TwoFactorPolicy twoFactorPolicy, IStringLocalizer<SharedResource> t)
    : PageModel
{
    public const int MaxMessagesPerDay = 10_000;

    [BindProperty] public FiscalYearInput FiscalYear { get; set; } = new();
    [BindProperty] public WinBackInput WinBack { get; set; } = new();
    [BindProperty] public CurrencyInput Currency { get; set; } = new();
    [BindProperty] public MessagesInput Messages { get; set; } = new();
    [BindProperty] public PhonesInput Phones { get; set; } = new();
    [BindProperty] public TwoFactorInput TwoFactor { get; set; } = new();

    public sealed class TwoFactorInput
    {
        public Domain.TwoFactorRequirement? RequiredFor { get; set; }
    }

    public sealed class PhonesInput
    {
        public string? Region { get; set; }
    }

    public sealed class MessagesInput
    {
        public int? PerManagerPerDay { get; set; }
    }

    public sealed class CurrencyInput
    {
        public string? Code { get; set; }
    }

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

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        FiscalYear.StartMonth = await db.FiscalStartMonthAsync(ct);
        WinBack.CadenceDays = await db.GetIntSettingAsync(SettingKeys.WinBackCadenceDays, ClientChanges.DefaultWinBackCadenceDays, ct);
        Currency.Code = houseCurrency.Code;
        Phones.Region = phoneRegion.Code;
        TwoFactor.RequiredFor = twoFactorPolicy.Requirement;
        Messages.PerManagerPerDay = await db.GetIntSettingAsync(SettingKeys.MessagesPerManagerPerDay, ClientMessages.DefaultDailyLimit, ct);
    }

    public async Task<IActionResult> OnPostMessagesAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var limit = Messages.PerManagerPerDay;
        await LoadAsync(ct);
        Messages.PerManagerPerDay = limit;
        if (limit is not (>= 1 and <= MaxMessagesPerDay))
        {
            ModelState.AddModelError("Messages.PerManagerPerDay", t["Enter a number of messages between 1 and 10,000."]);
            return Page();
        }
        var previous = await db.GetIntSettingAsync(SettingKeys.MessagesPerManagerPerDay, ClientMessages.DefaultDailyLimit, ct);
        audit.Record("setting.changed", "AppSetting", SettingKeys.MessagesPerManagerPerDay, $"{previous} -> {limit}");
        await db.SetSettingAsync(SettingKeys.MessagesPerManagerPerDay, limit.Value.ToString(CultureInfo.InvariantCulture), ct);
        TempData["Flash"] = t["Settings saved."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCurrencyAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var code = Currency.Code?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(code) && !ThreeLetters().IsMatch(code))
        {
            var typed = Currency.Code;
            await LoadAsync(ct);
            Currency.Code = typed;
            ModelState.AddModelError("Currency.Code", t["Enter a three-letter currency code, such as USD, or leave it empty."]);
            return Page();
        }
        var previous = houseCurrency.Code;
        audit.Record("setting.changed", "AppSetting", SettingKeys.HouseCurrency, $"{previous ?? "(none)"} -> {(string.IsNullOrEmpty(code) ? "(none)" : code)}");
        await houseCurrency.SetAsync(db, string.IsNullOrEmpty(code) ? null : code, ct);
        TempData["Flash"] = t["Settings saved."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPhonesAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var typed = Phones.Region;
        var code = typed?.Trim().ToUpperInvariant();
        if (!Domain.Phones.IsKnownRegion(code))
        {
            await LoadAsync(ct);
            Phones.Region = typed;
            ModelState.AddModelError("Phones.Region", t["Enter a two-letter country code, such as VN, IR or GB."]);
            return Page();
        }
        audit.Record("setting.changed", "AppSetting", SettingKeys.DefaultPhoneRegion, $"{phoneRegion.Code} -> {code}");
        await phoneRegion.SetAsync(db, code!, ct);
        TempData["Flash"] = t["Settings saved."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTwoFactorAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var chosen = TwoFactor.RequiredFor;
        if (chosen is not { } requirement || !Enum.IsDefined(requirement))
        {
            await LoadAsync(ct);
            ModelState.AddModelError("TwoFactor.RequiredFor", t["Choose who must use two-factor sign-in."]);
            return Page();
        }
        audit.Record("setting.changed", "AppSetting", SettingKeys.TwoFactorRequirement, $"{twoFactorPolicy.Requirement} -> {requirement}");
        await twoFactorPolicy.SetAsync(db, requirement, ct);
        TempData["Flash"] = t["Settings saved."].Value;
        return RedirectToPage();
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex ThreeLetters();

    public async Task<IActionResult> OnPostWinBackAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var cadence = WinBack.CadenceDays;
        await LoadAsync(ct);
        WinBack.CadenceDays = cadence;
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
            await LoadAsync(ct);
            FiscalYear.StartMonth = null;
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
