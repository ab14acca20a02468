using System.Security.Cryptography;
using System.Text;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary><c>X-Lybunt-Signature: sha256=&lt;hex HMAC-SHA256(secret, timestamp + "." + body)&gt;</c>.</summary>
public static class WebhookSignature
{
    public static string Sign(string secret, long unixSeconds, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{unixSeconds}.{body}"));
        return "sha256=" + Convert.ToHexStringLower(mac);
    }
}
