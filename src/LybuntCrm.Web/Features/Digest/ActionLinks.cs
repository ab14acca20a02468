using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace LybuntCrm.Web.Features.Digest;

/// <summary>
/// The signed one-click links under each follow-up in the digest (<c>/Act/{token}</c>). The token is a small binary
/// record protected with Data Protection (its keys live in the database, none in the repository), so it cannot be
/// altered or forged, and written in URL-safe base64: about 180 characters, short enough for every mail client.
/// </summary>
public sealed class ActionLinks(IDataProtectionProvider protection, IClock clock, DigestLinks links)
{
    public const int ValidDays = 7;
    public const string PathPrefix = "/Act/";

    private const byte Version = 1;
    private const int LinkIdBytes = 12;
    // version, action, follow-up id, expiry (Unix seconds), link id, user id form.
    private const int FixedBytes = 1 + 1 + 4 + 8 + LinkIdBytes + 1;
    private const byte TextUserId = 0;
    private const byte GuidUserId = 1;

    private readonly IDataProtector _protector = protection.CreateProtector("LybuntCrm.Digest.ActionLink.v1");

    /// <summary>A new link for this follow-up and action, good for <see cref="ValidDays"/> days from now.</summary>
    public string Url(int followUpId, LinkAction action, string userId) =>
        links.Page(PathPrefix + Token(New(followUpId, action, userId)));

    public ActionLink New(int followUpId, LinkAction action, string userId) =>
        new(followUpId, action, userId, WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(LinkIdBytes)),
            clock.UtcNow.AddDays(ValidDays));

    public string Token(ActionLink link)
    {
        // Identity's ids are GUIDs: 16 bytes instead of 36 characters keeps the link short; any other id is kept as text.
        var guid = Guid.TryParse(link.UserId, out var parsed) && parsed.ToString() == link.UserId;
        var user = guid ? parsed.ToByteArray() : Encoding.UTF8.GetBytes(link.UserId);
        var data = new byte[FixedBytes + user.Length];
        data[0] = Version;
        data[1] = (byte)link.Action;
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(2), link.FollowUpId);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(6), new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAtUtc, DateTimeKind.Utc)).ToUnixTimeSeconds());
        WebEncoders.Base64UrlDecode(link.LinkId).CopyTo(data.AsSpan(14, LinkIdBytes));
        data[14 + LinkIdBytes] = guid ? GuidUserId : TextUserId;
        user.CopyTo(data.AsSpan(FixedBytes));
        return WebEncoders.Base64UrlEncode(_protector.Protect(data));
    }

    /// <summary>What the token says, or null when it was altered, cut short or made elsewhere. Expiry is the caller's to check.</summary>
    public ActionLink? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000) return null;
        byte[] data;
        try
        {
            data = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        if (data.Length <= FixedBytes || data[0] != Version || !Enum.IsDefined((LinkAction)data[1])) return null;
        var user = data.AsSpan(FixedBytes);
        var userId = data[14 + LinkIdBytes] switch
        {
            GuidUserId when user.Length == 16 => new Guid(user).ToString(),
            TextUserId => Encoding.UTF8.GetString(user),
            _ => null,
        };
        if (userId is null) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(6))).UtcDateTime;
        return new ActionLink(BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(2)), (LinkAction)data[1], userId,
            WebEncoders.Base64UrlEncode(data, 14, LinkIdBytes), expires);
    }

    public bool IsExpired(ActionLink link) => clock.UtcNow >= link.ExpiresAtUtc;
}
