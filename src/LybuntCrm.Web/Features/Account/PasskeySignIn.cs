using System.Security.Claims;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// Signing in with a passkey alone. The browser first asks for options (a challenge, no account named, so the page
/// reveals nothing about who has an account); the credential it returns is checked by Identity and then refused, like a
/// password, for an inactive or locked-out account. A passkey is something the user has, unlocked by something they are
/// or know, so the sign-in counts as multi-factor and never asks for a second step.
/// </summary>
public sealed class PasskeySignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, Audit audit)
{
    /// <summary>The request options for <c>navigator.credentials.get</c>; the challenge is kept in a protected cookie.</summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>Signs the owner of the passkey in; null when it is refused (the reason goes to the audit log only).</summary>
    public async Task<AppUser?> SignInAsync(string? credentialJson, bool isPersistent)
    {
        if (string.IsNullOrWhiteSpace(credentialJson)) return await RefusedAsync(null, "passkey: no credential");

        PasskeyAssertionResult<AppUser> assertion;
        try
        {
            assertion = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No sign-in under way: the options cookie is missing, expired or was already used.
            return await RefusedAsync(null, "passkey: no sign-in under way");
        }
        if (!assertion.Succeeded) return await RefusedAsync(null, "passkey: not recognised");

        var user = assertion.User;
        var refusal = !user.IsActive ? "passkey: inactive account"
            : await users.IsLockedOutAsync(user) ? "passkey: locked out"
            : !await signIn.CanSignInAsync(user) ? "passkey: sign-in not allowed"
            : null;
        if (refusal is not null) return await RefusedAsync(user.Id, refusal);

        // The passkey's signature counter moved on; storing it lets a cloned authenticator be noticed next time.
        if (!(await users.AddOrUpdatePasskeyAsync(user, assertion.Passkey)).Succeeded)
            return await RefusedAsync(user.Id, "passkey: could not be updated");
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent, [new Claim("amr", "mfa")]);
        await audit.RecordNowAsync("login.passkey", "User", user.Id, PasskeyIds.AuditDetail(assertion.Passkey.CredentialId),
            user: await signIn.CreateUserPrincipalAsync(user));
        return user;
    }

    private async Task<AppUser?> RefusedAsync(string? userId, string reason)
    {
        await audit.RecordNowAsync("login.failed", "User", userId, reason);
        return null;
    }
}
