using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>Signing secrets are kept encrypted with Data Protection (keys in the database), as mailbox passwords are.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector _protector = provider.CreateProtector("LybuntCrm.Webhooks.Secret");

    public static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="CryptographicException">The keys that encrypted it are gone.</exception>
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
