using System.Security.Claims;
using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>An open session as its owner's list shows it.</summary>
public sealed record OpenSession(string Id, DateTime CreatedAtUtc, DateTime LastSeenAtUtc, string? IpAddress, string? UserAgent);

/// <summary>
/// The signed-in browsers of each account (<see cref="UserSession"/> rows): started when the sign-in cookie is issued,
/// checked on the requests that carry it, ended by signing out, by the person or an admin, by a password reset or a
/// change to the account. Rows ended or unused for <see cref="KeepOldRowsFor"/> are deleted at the next sign-in.
/// </summary>
public sealed class UserSessions(CrmDbContext db, IClock clock, RecentSessionChecks recent,
    IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    public const string ClaimType = "lybunt:session";
    /// <summary>Carries the session over a refreshed sign-in (a changed profile or language), which issues a new cookie.</summary>
    public const string PropertiesKey = "lybunt.session";
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan KeepOldRowsFor = TimeSpan.FromDays(30);

    public static string? IdOf(ClaimsPrincipal? user) => user?.FindFirstValue(ClaimType);

    /// <summary>A sign-in cookie unused this long has expired (it slides on use), so its session no longer counts as open.</summary>
    private TimeSpan CookieLifetime => cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;

    public async Task<string> StartAsync(string userId, string? ipAddress, string? userAgent, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var cutoff = now - KeepOldRowsFor;
        await db.UserSessions.Where(s => s.EndedAtUtc < cutoff || s.LastSeenAtUtc < cutoff).ExecuteDeleteAsync(ct);
        var session = new UserSession
        {
            Id = NewId(),
            UserId = userId,
            CreatedAtUtc = now,
            LastSeenAtUtc = now,
            IpAddress = Truncate(ipAddress, UserSession.IpAddressMaxLength),
            UserAgent = Truncate(userAgent, UserSession.UserAgentMaxLength),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(ct);
        recent.Confirm(session.Id, now, now - CheckInterval);
        return session.Id;
    }

    /// <summary>
    /// True while the session is open and belongs to the user. The row is read at most once a minute per browser, and its
    /// last-seen time (and address) written then too.
    /// </summary>
    public async Task<bool> IsOpenAsync(string sessionId, string userId, string? ipAddress, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        var staleBefore = now - CheckInterval;
        if (recent.ConfirmedSince(sessionId, staleBefore)) return true;
        var row = await db.UserSessions.AsNoTracking().Where(s => s.Id == sessionId)
            .Select(s => new { s.UserId, s.EndedAtUtc, s.LastSeenAtUtc }).FirstOrDefaultAsync(ct);
        if (row is null || row.UserId != userId || row.EndedAtUtc is not null) return false;
        if (row.LastSeenAtUtc <= staleBefore)
        {
            var address = Truncate(ipAddress, UserSession.IpAddressMaxLength);
            await db.UserSessions.Where(s => s.Id == sessionId && s.LastSeenAtUtc <= staleBefore)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAtUtc, now).SetProperty(x => x.IpAddress, address), ct);
        }
        recent.Confirm(sessionId, now, staleBefore);
        return true;
    }

    /// <summary>True when the session is open and belongs to the user (for carrying it over a refreshed sign-in).</summary>
    public Task<bool> BelongsOpenAsync(string sessionId, string userId, CancellationToken ct = default) =>
        db.UserSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAtUtc == null, ct);

    /// <summary>The user's open sessions, most recently used first.</summary>
    public async Task<IReadOnlyList<OpenSession>> OpenOfAsync(string userId, CancellationToken ct = default)
    {
        var expiredBefore = clock.UtcNow - CookieLifetime;
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAtUtc == null && s.LastSeenAtUtc > expiredBefore)
            .OrderByDescending(s => s.LastSeenAtUtc).ThenByDescending(s => s.CreatedAtUtc)
            .Select(s => new OpenSession(s.Id, s.CreatedAtUtc, s.LastSeenAtUtc, s.IpAddress, s.UserAgent))
            .ToListAsync(ct);
    }

    public async Task<int> CountOpenAsync(string userId, CancellationToken ct = default)
    {
        var expiredBefore = clock.UtcNow - CookieLifetime;
        return await db.UserSessions.CountAsync(s => s.UserId == userId && s.EndedAtUtc == null && s.LastSeenAtUtc > expiredBefore, ct);
    }

    /// <summary>Ends one of the user's sessions; false when the user has no such open session (another person's id included).</summary>
    public async Task<bool> EndAsync(string userId, string sessionId, SessionEndReason reason, CancellationToken ct = default) =>
        await EndWhereAsync(db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId), reason, ct) > 0;

    /// <summary>Ends every open session of the user but <paramref name="exceptSessionId"/>; returns how many.</summary>
    public Task<int> EndAllAsync(string userId, SessionEndReason reason, string? exceptSessionId = null, CancellationToken ct = default) =>
        EndWhereAsync(db.UserSessions.Where(s => s.UserId == userId && s.Id != exceptSessionId), reason, ct);

    /// <summary>
    /// Marks the user's sessions ended without forgetting them in this instance's checks: the change to the account renewed
    /// its security stamp, which every instance (and a change made from the command line) enforces within a minute.
    /// </summary>
    public Task<int> MarkAllEndedAsync(string userId, SessionEndReason reason, CancellationToken ct = default)
    {
        var now = clock.UtcNow;
        return db.UserSessions.Where(s => s.UserId == userId && s.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAtUtc, now).SetProperty(x => x.EndedReason, reason), ct);
    }

    private async Task<int> EndWhereAsync(IQueryable<UserSession> sessions, SessionEndReason reason, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var open = sessions.Where(s => s.EndedAtUtc == null);
        var ids = await open.Select(s => s.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        var ended = await db.UserSessions.Where(s => ids.Contains(s.Id) && s.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAtUtc, now).SetProperty(x => x.EndedReason, reason), ct);
        recent.Forget(ids);
        return ended;
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(UserSession.IdLength / 2)).ToLowerInvariant();

    private static string? Truncate(string? text, int max) =>
        string.IsNullOrEmpty(text) ? null : text.Length > max ? text[..max] : text;
}
