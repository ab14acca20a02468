using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Turning two-factor sign-in on and off, recovery codes and an admin's reset: the set-up page, the user edit page and the
/// command line share it. Identity keeps the key and the (hashed) codes in AspNetUserTokens and the flag on the user.
/// </summary>
public sealed class TwoFactorAccounts(UserManager<AppUser> users, IUserStore<AppUser> store, Audit audit, TwoFactorPolicy policy)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The key the authenticator app is set up with; made on first use and kept until two-factor is turned off.</summary>
    public async Task<string> AuthenticatorKeyAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key)) return key;
        await NewKeyAsync(user);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    /// <summary>Turns two-factor on when the code from the app is right, and returns the first recovery codes (null: wrong code).</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(AppUser user, string code)
    {
        if (ClockedAuthenticatorTokenProvider.Normalize(code) is not { } digits) return null;
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits)) return null;
        // Renews the security stamp: the person's other sessions end within a minute and must sign in with a code.
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = await NewCodesAsync(user);
        audit.Record("two_factor.enabled", "User", user.Id);
        await audit.RecordNowAsync("two_factor.recovery_codes_generated", "User", user.Id, $"{codes.Count} codes");
        return codes;
    }

    /// <summary>New recovery codes; the old ones stop working.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(AppUser user)
    {
        var codes = await NewCodesAsync(user);
        await audit.RecordNowAsync("two_factor.recovery_codes_generated", "User", user.Id, $"{codes.Count} codes");
        return codes;
    }

    public async Task<int> RecoveryCodesLeftAsync(AppUser user) => await users.CountRecoveryCodesAsync(user);

    /// <summary>Whether the admin setting obliges this user to use two-factor sign-in.</summary>
    public async Task<bool> IsRequiredAsync(AppUser user) => policy.AppliesTo((await users.GetRolesAsync(user)).FirstOrDefault());

    /// <summary>The person turns it off themselves (the page has checked their password or a code and the admin setting).</summary>
    public async Task DisableAsync(AppUser user)
    {
        await TurnOffAsync(user);
        await audit.RecordNowAsync("two_factor.disabled", "User", user.Id);
    }

    /// <summary>
    /// An admin (or the command line) turns it off for someone who lost their phone: the old key and codes stop working,
    /// their sessions and remembered browsers end, and if the setting requires it they set it up again at next sign-in.
    /// </summary>
    public async Task ResetAsync(AppUser user, string via)
    {
        await TurnOffAsync(user);
        await audit.RecordNowAsync("two_factor.reset", "User", user.Id, via);
    }

    private async Task TurnOffAsync(AppUser user)
    {
        // Also renews the security stamp, which ends every session and every "remember this browser" cookie of the person.
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await NewKeyAsync(user);
    }

    // Through the store rather than UserManager.ResetAuthenticatorKeyAsync, which also renews the security stamp: merely
    // opening the set-up page must not sign the person out elsewhere.
    private async Task NewKeyAsync(AppUser user)
    {
        await ((IUserAuthenticatorKeyStore<AppUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None);
        Check(await users.UpdateAsync(user));
    }

    private async Task<IReadOnlyList<string>> NewCodesAsync(AppUser user) =>
        [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
