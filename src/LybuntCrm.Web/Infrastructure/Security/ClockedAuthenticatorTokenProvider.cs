using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Checks codes from an authenticator app. It replaces Identity's own provider for two reasons: the time comes from the
/// app's clock (so tests and demos can pin it), and a code once accepted is refused the second time — someone who watched
/// it being typed cannot sign in with it within the same half-minute.
/// </summary>
public sealed class ClockedAuthenticatorTokenProvider(IClock clock) : IUserTwoFactorTokenProvider<AppUser>
{
    /// <summary>Identity's own token bag for the authenticator key and recovery codes.</summary>
    public const string TokenProvider = "[AspNetUserStore]";
    private const string LastStepToken = "AuthenticatorLastStep";

    /// <summary>One step either side of now, for a phone clock a little out and the seconds it takes to type.</summary>
    private const int StepsOfSlack = 1;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // The app on the phone makes the codes; the server never sends one.
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var code = Normalize(token);
        if (code is null) return false;
        var keyText = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(keyText) || Base32.Decode(keyText) is not { Length: > 0 } key) return false;

        var lastUsed = long.TryParse(await manager.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var last) ? last : long.MinValue;
        var now = Totp.StepAt(clock.UtcNow);
        for (var step = now - StepsOfSlack; step <= now + StepsOfSlack; step++)
        {
            if (step <= lastUsed) continue;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(key, step)), Encoding.ASCII.GetBytes(code))) continue;
            // Saved with the user's concurrency stamp: of two requests racing with the same code, only one is accepted.
            var saved = await manager.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
            return saved.Succeeded;
        }
        return false;
    }

    /// <summary>
    /// The six digits of a typed code ("123 456" and "123-456" as apps show them), or null when it is not one. A Persian
    /// phone keyboard types ۱۲۳۴۵۶: any decimal digit counts as its value.
    /// </summary>
    public static string? Normalize(string? typed)
    {
        var kept = (typed ?? "").Where(c => c is not (' ' or '-' or '\u00a0')).ToArray();
        if (kept.Length != Totp.Digits || !kept.All(char.IsDigit)) return null;
        return new string(kept.Select(c => (char)('0' + (int)char.GetNumericValue(c))).ToArray());
    }
}
