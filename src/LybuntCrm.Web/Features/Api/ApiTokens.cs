using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// Makes and revokes personal access tokens, for the tokens page, the admin page and the command line alike. A token is
/// <c>lyb_</c> and 32 random bytes (base64url); only its SHA-256 is kept, so a copy of the database lets no one in.
/// </summary>
public sealed class ApiTokens(CrmDbContext db, IClock clock, Audit audit)
{
    public const int MaxExpiryDays = 3650;

    /// <summary>A token just made: the plain text is in <see cref="Token"/> and nowhere else.</summary>
    public sealed record Created(ApiToken Record, string Token);

    public async Task<Created> CreateAsync(string userId, string name, ApiTokenScope scope, int? expiresInDays,
        System.Security.Claims.ClaimsPrincipal? actor = null, CancellationToken ct = default)
    {
        var plain = ApiToken.Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.UtcNow;
        var token = new ApiToken
        {
            UserId = userId,
            Name = name.Trim(),
            TokenHash = Hash(plain),
            Hint = plain[..ApiToken.HintLength],
            Scope = scope,
            CreatedAtUtc = now,
            ExpiresAtUtc = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        audit.Record("token.created", nameof(ApiToken), token.Id, $"user {userId}, scope {scope}", actor);
        await db.SaveChangesAsync(ct);
        return new Created(token, plain);
    }

    /// <summary>Revokes the token (false: no such open token, or, with <paramref name="ownerId"/>, not that person's).</summary>
    public async Task<bool> RevokeAsync(int tokenId, string? ownerId, System.Security.Claims.ClaimsPrincipal? actor = null, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var revoked = await db.ApiTokens
            .Where(t => t.Id == tokenId && t.RevokedAtUtc == null && (ownerId == null || t.UserId == ownerId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, now), ct);
        if (revoked == 0) return false;
        await audit.RecordNowAsync("token.revoked", nameof(ApiToken), tokenId, null, actor);
        return true;
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
