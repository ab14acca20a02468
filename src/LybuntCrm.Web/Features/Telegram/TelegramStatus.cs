using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>A token Telegram refused: for which token (its fingerprint), when, and Telegram's words.</summary>
public sealed record TelegramTokenProblem(DateTime AtUtc, string Description);

/// <summary>
/// What the admin sees of the bot: whether Telegram refused its token. Kept in the settings table with the token's
/// fingerprint, so nothing is sent while that token is in use and everything resumes once the token is replaced.
/// </summary>
public sealed class TelegramStatus(CrmDbContext db, IClock clock, IOptions<TelegramOptions> options)
{
    public const string TokenRefusedSetting = "Telegram.TokenRefused";

    public async Task<TelegramTokenProblem?> TokenProblemAsync(CancellationToken ct = default)
    {
        var value = await db.GetSettingAsync(TokenRefusedSetting, ct);
        var parts = (value ?? "").Split('|', 3);
        if (parts.Length != 3 || parts[0] != options.Value.TokenFingerprint) return null;
        return DateTime.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? new TelegramTokenProblem(at, parts[2])
            : null;
    }

    public Task RecordTokenRefusedAsync(string description, CancellationToken ct = default) =>
        db.SetSettingAsync(TokenRefusedSetting,
            string.Create(CultureInfo.InvariantCulture, $"{options.Value.TokenFingerprint}|{clock.UtcNow:O}|{description}"), ct);

    public async Task ClearTokenProblemAsync(CancellationToken ct = default) =>
        await db.Settings.Where(s => s.Key == TokenRefusedSetting).ExecuteDeleteAsync(ct);
}
