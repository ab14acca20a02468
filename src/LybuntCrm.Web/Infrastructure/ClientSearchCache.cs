using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Memory;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// The outcomes of search index reads that <see cref="ClientSearchIndex.PlanAsync"/> keeps, in the app's registered
/// <see cref="IMemoryCache"/>. Each outcome is filed under the index version it was read at, so a change to any client
/// (in this process or another one writing the same file) makes every kept outcome unreachable at once; the unreachable
/// ones leave the cache when their time is up.
/// </summary>
public sealed class ClientSearchCache(IMemoryCache cache, int capacity)
{
    public const int DefaultCapacity = 500;

    /// <summary>How long an outcome is kept after its last use.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    /// <summary>Whether searches keep the outcome of their index read (<c>Search:CacheEntries</c> above 0).</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The cache of the app that made <paramref name="db"/>; null for a context made by hand (tools, benchmarks), which keeps nothing.</summary>
    public static ClientSearchCache? Of(CrmDbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<ClientSearchCache>();

    /// <summary>The ids a read found (null: more than the cap) if it was kept under the same index version.</summary>
    public bool TryGet(Key key, out IReadOnlyList<int>? ids)
    {
        if (cache.TryGetValue(key, out Read? kept) && kept is not null)
        {
            ids = kept.Ids;
            return true;
        }
        ids = null;
        return false;
    }

    public void Keep(Key key, IReadOnlyList<int>? ids)
    {
        if (Capacity <= 0) return;
        // Size 1: an app that gives its memory cache a size limit counts each kept search as one entry.
        cache.Set(key, new Read(ids), new MemoryCacheEntryOptions { SlidingExpiration = KeptFor, Size = 1 });
    }

    /// <summary>One search (its FTS query and cap) on one database at one index version.</summary>
    public readonly record struct Key(string? Database, string Match, int Cap, long Version);

    private sealed record Read(IReadOnlyList<int>? Ids);
}
