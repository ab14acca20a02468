using System.Security.Cryptography;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>Links in the digest: pages of the app under <c>App:BaseUrl</c> and the signed one-click "turn off" link.</summary>
public sealed class DigestLinks(IConfiguration configuration, IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("LybuntCrm.Digest.TurnOff.v1");

    public string BaseUrl => AppAddress.BaseUrl(configuration);

    public string Page(string path) => BaseUrl + path;

    public string Client(int clientId) => Page($"/Clients/{clientId}");

    public string TurnOff(string userId) => Page("/digest/off/" + Token(userId));

    public string Token(string userId) => _protector.Protect(userId);

    /// <summary>The user id signed into the token, or null when the token was altered or made elsewhere.</summary>
    public string? UserIdFrom(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        try
        {
            return _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
