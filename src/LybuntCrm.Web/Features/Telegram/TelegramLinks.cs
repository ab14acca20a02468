using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Telegram;

/// <summary>
/// Links a Telegram chat to a person. The "Connect" link carries a one-time code valid <see cref="CodeLifetime"/>; only its
/// hash is stored, and using it clears it, so a code works once. A chat belongs to one person at a time.
/// </summary>
public sealed class TelegramLinks(CrmDbContext db, IClock clock, Audit audit)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>A new code for the person (the previous one stops working), to put in https://t.me/BOT?start=CODE.</summary>
    public async Task<string> NewCodeAsync(string userId, CancellationToken ct = default)
    {
        // 18 bytes: 24 URL-safe characters, within the 64 that /start accepts.
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));
        var expires = clock.UtcNow + CodeLifetime;
        var hash = Hash(code);
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.TelegramLinkCodeHash, hash)
            .SetProperty(u => u.TelegramLinkCodeExpiresAtUtc, expires), ct);
        return code;
    }

    /// <summary>Links the chat to the person whose code this is, and returns whom; the code is used up either way.</summary>
    public async Task<(TelegramLinkResult Result, AppUser? User)> LinkAsync(string? code, long chatId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > 64) return (TelegramLinkResult.Unknown, null);
        var hash = Hash(code.Trim());
        return await db.InTransactionAsync(async () =>
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.TelegramLinkCodeHash == hash && u.IsActive, ct);
            if (user is null) return (TelegramLinkResult.Unknown, (AppUser?)null);
            var expired = user.TelegramLinkCodeExpiresAtUtc is not { } until || until <= clock.UtcNow;
            user.TelegramLinkCodeHash = null;
            user.TelegramLinkCodeExpiresAtUtc = null;
            if (expired)
            {
                await db.SaveChangesAsync(ct);
                return (TelegramLinkResult.Expired, user);
            }
            // The chat may have been someone else's (a shared phone): it is this person's now.
            await db.Users.Where(u => u.TelegramChatId == chatId && u.Id != user.Id).ExecuteUpdateAsync(s => s
                .SetProperty(u => u.TelegramChatId, (long?)null)
                .SetProperty(u => u.TelegramLinkedAtUtc, (DateTime?)null), ct);
            user.TelegramChatId = chatId;
            user.TelegramLinkedAtUtc = clock.UtcNow;
            user.TelegramBlockedAtUtc = null;
            if (user.DigestDelivery == DigestDelivery.Email) user.DigestDelivery = DigestDelivery.Both;
            audit.Record("telegram.linked", "User", user.Id, null);
            await db.SaveChangesAsync(ct);
            return (TelegramLinkResult.Linked, user);
        }, ct);
    }

    /// <summary>Unlinks the person's chat; their daily list goes back to email. Returns false when none was linked.</summary>
    public async Task<bool> UnlinkAsync(string userId, CancellationToken ct = default)
    {
        var unlinked = await db.Users.Where(u => u.Id == userId && u.TelegramChatId != null).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.TelegramChatId, (long?)null)
            .SetProperty(u => u.TelegramLinkedAtUtc, (DateTime?)null)
            .SetProperty(u => u.TelegramBlockedAtUtc, (DateTime?)null)
            .SetProperty(u => u.DigestDelivery, DigestDelivery.Email), ct);
        if (unlinked > 0) await audit.RecordNowAsync("telegram.unlinked", "User", userId, null);
        return unlinked > 0;
    }

    /// <summary>The person this chat is linked to, if any.</summary>
    public Task<AppUser?> UserOfChatAsync(long chatId, CancellationToken ct = default) =>
        db.Users.FirstOrDefaultAsync(u => u.TelegramChatId == chatId && u.IsActive, ct);

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
