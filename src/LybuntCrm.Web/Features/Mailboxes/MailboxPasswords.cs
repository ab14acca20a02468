using Microsoft.AspNetCore.DataProtection;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>Mailbox passwords are kept encrypted with Data Protection (whose keys live in the database) and read only to sign in.</summary>
public sealed class MailboxPasswords(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("LybuntCrm.Mailboxes.Password");

    public string Protect(string password) => _protector.Protect(password);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The keys that encrypted it are gone.</exception>
    public string Unprotect(string protectedPassword) => _protector.Unprotect(protectedPassword);
}
