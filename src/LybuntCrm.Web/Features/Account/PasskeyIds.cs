using System.Buffers.Text;
using System.Security.Cryptography;

namespace LybuntCrm.Web.Features.Account;

/// <summary>How a passkey's credential id travels in forms (base64url) and how the audit log names it (a short hash).</summary>
public static class PasskeyIds
{
    // A credential id is at most 1023 bytes (WebAuthn level 3); anything longer is not one of ours.
    private const int MaxEncodedLength = 1400;

    public static string Encode(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    public static byte[]? TryDecode(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > MaxEncodedLength) return null;
        try
        {
            var bytes = Base64Url.DecodeFromChars(encoded.Trim());
            return bytes.Length > 0 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The audit detail that names a passkey: enough to tell one from another, not the id itself.</summary>
    public static string AuditDetail(byte[] credentialId) =>
        "passkey " + Convert.ToHexStringLower(SHA256.HashData(credentialId))[..12];
}
