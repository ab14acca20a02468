using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Identity's store, except that two-factor recovery codes are kept as hashes: they are only ever compared, so a copy of
/// the database (a backup, say) does not hand out a way past the second factor. Identity would store them as typed.
/// </summary>
public sealed class CrmUserStore(CrmDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, CrmDbContext>(context, describer)
{
    private const string RecoveryCodesToken = "RecoveryCodes";

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        SetTokenAsync(user, ClockedAuthenticatorTokenProvider.TokenProvider, RecoveryCodesToken,
            string.Join(";", recoveryCodes.Select(code => Hash(user, code))), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        var stored = (await GetTokenAsync(user, ClockedAuthenticatorTokenProvider.TokenProvider, RecoveryCodesToken, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var hash = Hash(user, code);
        if (!stored.Contains(hash, StringComparer.Ordinal)) return false;
        await SetTokenAsync(user, ClockedAuthenticatorTokenProvider.TokenProvider, RecoveryCodesToken,
            string.Join(";", stored.Where(s => s != hash)), cancellationToken);
        return true;
    }

    /// <summary>Salted with the user's id; the code as printed ("ABCDE-12345") or typed loosely ("abcde 12345") hashes alike.</summary>
    private static string Hash(AppUser user, string code)
    {
        var normalized = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(user.Id + ":" + normalized)));
    }
}
