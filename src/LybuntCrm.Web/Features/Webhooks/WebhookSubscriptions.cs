using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Webhooks;

/// <summary>
/// The event types some active endpoint receives, cached so that a change nobody listens to costs no query. Edits on this
/// instance clear it at once; another instance sees them within <see cref="Lifetime"/>.
/// </summary>
public sealed class WebhookSubscriptions(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    private sealed record Snapshot(HashSet<string> Types, DateTimeOffset LoadedAt);

    public async Task<bool> AnyAsync(CrmDbContext db, string eventType, CancellationToken ct)
    {
        var snapshot = _snapshot;
        var now = time.GetUtcNow();
        if (snapshot is null || now - snapshot.LoadedAt > Lifetime || now < snapshot.LoadedAt)
        {
            var lists = await db.WebhookEndpoints.AsNoTracking().Where(e => e.PausedAtUtc == null).Select(e => e.Events).ToListAsync(ct);
            var types = lists.SelectMany(l => l.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToHashSet(StringComparer.Ordinal);
            _snapshot = snapshot = new Snapshot(types, now);
        }
        return snapshot.Types.Contains(eventType);
    }

    public void Invalidate() => _snapshot = null;
}
