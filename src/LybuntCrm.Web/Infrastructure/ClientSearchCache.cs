using System.Collections.Concurrent;
using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// The outcomes of search index reads that <see cref="ClientSearchIndex.PlanAsync"/> keeps, one cache per app (a
/// singleton sized by <c>Search:CacheEntries</c>), so that two apps in one process never size or clear each other's.
/// </summary>
public sealed class ClientSearchCache(int capacity)
{
    public const int DefaultCapacity = 500;

    /// <summary>For database contexts made outside an app's service provider (tools, benchmarks).</summary>
    public static ClientSearchCache Shared { get; } = new(DefaultCapacity);

    private readonly ConcurrentDictionary<(string? Database, string Match, int Cap), Read> _reads = new();

    /// <summary>How many searches keep the outcome of their index read; 0 keeps none.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The cache of the app that made <paramref name="db"/>, or <see cref="Shared"/> for a context made by hand.</summary>
    public static ClientSearchCache Of(CrmDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<ClientSearchCache>()
        ?? Shared;

    /// <summary>The ids a read found (null: more than the cap) if it was kept under the same index version.</summary>
    public bool TryGet((string? Database, string Match, int Cap) key, long version, out IReadOnlyList<int>? ids)
    {
        if (_reads.TryGetValue(key, out var kept) && kept.Version == version)
        {
            ids = kept.Ids;
            return true;
        }
        ids = null;
        return false;
    }

    public void Keep((string? Database, string Match, int Cap) key, long version, IReadOnlyList<int>? ids)
    {
        if (Capacity <= 0) return;
        // Bounded by starting over when full: simpler than least-recently-used, and the searches in use come back at once.
        if (_reads.Count >= Capacity) _reads.Clear();
        _reads[key] = new Read(version, ids);
    }

    private sealed record Read(long Version, IReadOnlyList<int>? Ids);
}
