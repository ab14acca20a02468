using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>The admin setting <c>Webhooks.AllowPrivateAddresses</c>, kept with the other settings in the database.</summary>
public static class WebhookSettings
{
    public const string AllowPrivateAddresses = SettingKeys.WebhooksAllowPrivateAddresses;

    public static async Task<bool> AllowPrivateAddressesAsync(CrmDbContext db, CancellationToken ct) =>
        string.Equals(await db.GetSettingAsync(AllowPrivateAddresses, ct), "true", StringComparison.OrdinalIgnoreCase);

    public static Task SetAllowPrivateAddressesAsync(CrmDbContext db, bool allow, CancellationToken ct) =>
        db.SetSettingAsync(AllowPrivateAddresses, allow ? "true" : "false", ct);
}
