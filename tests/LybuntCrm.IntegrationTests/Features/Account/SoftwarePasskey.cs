using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>
/// A passkey held in the test itself: an ES256 key pair whose public half is stored for a user as Identity stores a
/// registered passkey, and which answers a sign-in challenge as an authenticator would (user present and verified).
/// </summary>
public sealed class SoftwarePasskey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private uint _signCount;

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>What Identity stores for the passkey: the public key as a COSE key (EC2, ES256, P-256).</summary>
    public UserPasskeyInfo Info(string name)
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        byte[] cose = [0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20, .. point.X!, 0x22, 0x58, 0x20, .. point.Y!];
        return new UserPasskeyInfo(CredentialId, cose, new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), signCount: 0, transports: ["internal"],
            isUserVerified: true, isBackupEligible: false, isBackedUp: false, attestationObject: [], clientDataJson: [])
        { Name = name };
    }

    /// <summary>The JSON a browser posts after <c>navigator.credentials.get</c>, answering <paramref name="optionsJson"/>.</summary>
    public string Answer(string optionsJson, string origin, string userId)
    {
        using var options = JsonDocument.Parse(optionsJson);
        var challenge = options.RootElement.GetProperty("challenge").GetString()!;
        var rpId = options.RootElement.GetProperty("rpId").GetString()!;
        var clientData = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = "webauthn.get",
            ["challenge"] = challenge,
            ["origin"] = origin,
            ["crossOrigin"] = false,
        }));
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, ++_signCount);
        // rpIdHash, flags (user present 0x01 + user verified 0x04), signature counter.
        byte[] authenticatorData = [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), 0x05, .. counter];
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        var id = Base64Url.EncodeToString(CredentialId);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id,
            ["rawId"] = id,
            ["type"] = "public-key",
            ["authenticatorAttachment"] = "platform",
            ["clientExtensionResults"] = new Dictionary<string, object>(),
            ["response"] = new Dictionary<string, string>
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId)),
            },
        });
    }

    public void Dispose() => _key.Dispose();
}
