using System.Collections.Concurrent;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// The sessions this app instance found open in the database during the last <see cref="UserSessions.CheckInterval"/>, so
/// a browser's requests read its session row at most once a minute. Ending a session here forgets it at once; another
/// instance notices within the interval, as it does a renewed security stamp.
/// </summary>
public sealed class RecentSessionChecks
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTime> _confirmedAtUtc = new(StringComparer.Ordinal);

    public bool ConfirmedSince(string sessionId, DateTime sinceUtc) =>
        _confirmedAtUtc.TryGetValue(sessionId, out var at) && at > sinceUtc;

    public void Confirm(string sessionId, DateTime nowUtc, DateTime staleBeforeUtc)
    {
        _confirmedAtUtc[sessionId] = nowUtc;
        if (_confirmedAtUtc.Count <= PruneAbove) return;
        foreach (var (id, at) in _confirmedAtUtc)
            if (at <= staleBeforeUtc) _confirmedAtUtc.TryRemove(id, out _);
    }

    public void Forget(IEnumerable<string> sessionIds)
    {
        foreach (var id in sessionIds) _confirmedAtUtc.TryRemove(id, out _);
    }
}
