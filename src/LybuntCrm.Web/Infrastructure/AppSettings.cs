using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Admin-editable settings kept in the database, with their defaults.</summary>
public static class SettingKeys
{
    public const string FiscalYearStartMonth = "FiscalYear.StartMonth";
    /// <summary>How many days before a birthday or anniversary its follow-up appears (default 7).</summary>
    public const string OccasionLeadDays = "Occasions.LeadDays";
    public const string ProspectIdeaTakerDays = "Prospects.IdeaTakerDays";
    public const string ProspectDelayCount = "Prospects.DelayCount";
    public const string ProspectDelayWindowDays = "Prospects.DelayWindowDays";
    public const string ProspectCostPercent = "Prospects.CostPercent";
    public const string ProspectQuietDays = "Prospects.QuietDays";
    public const string ProspectSilenceDays = "Prospects.SilenceDays";
    /// <summary>Days between win-back attempts: a touch with a LYBUNT client brings the next attempt this far out (default 14).</summary>
    public const string WinBackCadenceDays = "WinBack.CadenceDays";
    /// <summary>The firm's currency for totals and new purchases (empty: none); see <see cref="Formatting.HouseCurrency"/>.</summary>
    public const string HouseCurrency = "Money.HouseCurrency";
    /// <summary>The most messages to clients one manager may send in their day (default 200).</summary>
    public const string MessagesPerManagerPerDay = "Messages.PerManagerPerDay";
    /// <summary>The region phone numbers are read and shown in (default "VN"); see <see cref="Formatting.PhoneRegion"/>.</summary>
    public const string DefaultPhoneRegion = "Phones.DefaultRegion";
    /// <summary>Who must sign in with an authenticator code as well (Nobody, Admins, Everyone; default Nobody); see <see cref="Security.TwoFactorPolicy"/>.</summary>
    public const string TwoFactorRequirement = "Security.TwoFactorRequired";
    /// <summary>Whether webhooks may go to loopback, link-local and private addresses ("true"; default off); see <see cref="Features.Webhooks.WebhookAddressGuard"/>.</summary>
    public const string WebhooksAllowPrivateAddresses = "Webhooks.AllowPrivateAddresses";
}

public static class AppSettingsExtensions
{
    public static async Task<string?> GetSettingAsync(this CrmDbContext db, string key, CancellationToken ct = default) =>
        await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).FirstOrDefaultAsync(ct);

    public static async Task<int> GetIntSettingAsync(this CrmDbContext db, string key, int fallback, CancellationToken ct = default) =>
        int.TryParse(await db.GetSettingAsync(key, ct), out var value) ? value : fallback;

    public static async Task SetSettingAsync(this CrmDbContext db, string key, string value, CancellationToken ct = default)
    {
        await StageSettingAsync(db, key, value, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Adds or changes a setting in the context without saving, for several settings saved together.</summary>
    public static async Task StageSettingAsync(this CrmDbContext db, string key, string value, CancellationToken ct = default)
    {
        var setting = await db.Settings.FindAsync([key], ct);
        if (setting is null) db.Settings.Add(new AppSetting { Key = key, Value = value });
        else setting.Value = value;
    }

    public static Task<int> FiscalStartMonthAsync(this CrmDbContext db, CancellationToken ct = default) =>
        db.GetIntSettingAsync(SettingKeys.FiscalYearStartMonth, 1, ct);
}
