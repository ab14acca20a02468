using System.Security.Cryptography;
using System.Text;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// A name-based GUID (RFC 9562 version 5: SHA-1 of a namespace and a name): the same name always gives the same id, so an
/// event derived from the same facts twice has one id, and the deliveries' unique index keeps it once.
/// </summary>
public static class NameBasedGuid
{
    /// <summary>This application's namespace for event ids.</summary>
    private static readonly Guid Namespace = new("5f0c1f8e-3d2a-4b7e-9a61-2c8d4e7b1a90");

    public static Guid Create(string name)
    {
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        Namespace.TryWriteBytes(bytes, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
#pragma warning disable CA5350 // SHA-1 is what version 5 is defined with; it names, it does not protect.
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
