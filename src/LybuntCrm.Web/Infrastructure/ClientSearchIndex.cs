using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>
/// Substring search over <see cref="Client.SearchText"/>. On SQLite an FTS5 trigram index answers
/// "contains" queries without scanning every client.
/// </summary>
public static class ClientSearchIndex
{
    public const int MinIndexedLength = 3;

    /// <summary>The low 31 bits of an index row key: the client id.</summary>
    public const long IdBits = int.MaxValue;

    /// <summary>
    /// The index row key of a client, as SQL: the first two characters of its sort key (<see cref="Client.SortKey"/>, the
    /// folded name; code points, 16 bits each) above the id. Keys therefore follow the list's name order one "bucket" of
    /// sort keys sharing their first two characters at a time, and
    /// the index hands out matches in that order: a broad search's first page in name order comes from the first matches
    /// instead of from all of them. Clamping keeps the order (never reversed), so a bucket sorted by name is exact.
    /// </summary>
    public static string RowKeySql(string name, string id) =>
        $"((((min(ifnull(unicode(substr({name},1,1)),0),65535) << 16) | " +
        $"(CASE WHEN ifnull(unicode(substr({name},1,1)),0) >= 65535 THEN 0 ELSE min(ifnull(unicode(substr({name},2,1)),0),65535) END)) << 31) | {id})";

    private static readonly string SqliteDefinition =
        "CREATE VIRTUAL TABLE ClientSearch USING fts5(SearchText, content='', tokenize='trigram')";

    public static async Task EnsureSqliteAsync(CrmDbContext db, CancellationToken ct)
    {
        var existing = await db.Database.SqlQueryRaw<string>(
            "SELECT sql AS \"Value\" FROM sqlite_master WHERE name IN ('ClientSearch', 'ClientSearchVersion', 'Clients_search_au') ORDER BY name")
            .ToListAsync(ct);
        // Keys made from the sort key: the update trigger names it (earlier keys came from the name, or were the id).
        if (existing.Count == 3 && existing[0] == SqliteDefinition && existing[2].Contains("new.SortKey", StringComparison.Ordinal)) return;
        var oldKey = RowKeySql("old.SortKey", "old.Id");
        var newKey = RowKeySql("new.SortKey", "new.Id");
        // Contentless: the index stores no copy of the text; removing a row takes its old text, which the triggers have.
        // A database from before sort-key-ordered keys (keyed by the name, or by id) is rebuilt once, in one transaction.
        // The SQL is built from constants only.
        var rebuild = $"""
            DROP TRIGGER IF EXISTS Clients_search_ai;
            DROP TRIGGER IF EXISTS Clients_search_ad;
            DROP TRIGGER IF EXISTS Clients_search_au;
            DROP TABLE IF EXISTS ClientSearch;
            DROP TABLE IF EXISTS ClientSearchVersion;
            {SqliteDefinition};
            CREATE TABLE ClientSearchVersion (Value INTEGER NOT NULL);
            -- A random start, so that a rebuilt index or a new file at the same place never matches an outcome kept before.
            INSERT INTO ClientSearchVersion (Value) VALUES (random() / 2);
            CREATE TRIGGER Clients_search_ai AFTER INSERT ON Clients BEGIN
              INSERT INTO ClientSearch(rowid, SearchText) VALUES ({newKey}, new.SearchText);
              UPDATE ClientSearchVersion SET Value = Value + 1;
            END;
            CREATE TRIGGER Clients_search_ad AFTER DELETE ON Clients BEGIN
              INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', {oldKey}, old.SearchText);
              UPDATE ClientSearchVersion SET Value = Value + 1;
            END;
            CREATE TRIGGER Clients_search_au AFTER UPDATE OF SearchText, SortKey ON Clients BEGIN
              INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', {oldKey}, old.SearchText);
              INSERT INTO ClientSearch(rowid, SearchText) VALUES ({newKey}, new.SearchText);
              UPDATE ClientSearchVersion SET Value = Value + 1;
            END;
            INSERT INTO ClientSearch(rowid, SearchText) SELECT {RowKeySql("SortKey", "Id")}, SearchText FROM Clients;
            INSERT INTO ClientSearch(ClientSearch) VALUES ('optimize');
            """;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(rebuild, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>On PostgreSQL a trigram GIN index lets <c>LIKE '%word%'</c> use an index.</summary>
    public static async Task EnsurePostgresAsync(CrmDbContext db, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX IF NOT EXISTS "IX_Clients_SearchText_trgm" ON "Clients" USING gin ("SearchText" gin_trgm_ops);
            """, ct);
    }

    /// <summary>
    /// Reads the search index once for a query and decides how the list applies it. On SQLite the words long enough for
    /// the trigram index go to one FTS5 query ("a" AND "b"), read with a LIMIT so that a broad word stops after
    /// <paramref name="cap"/> + 1 matches: that read alone gives the capped count, and up to <paramref name="cap"/>
    /// matches the list just looks those ids up. Only a broad search reads the index again, for its page.
    /// </summary>
    public static async Task<ClientSearch> PlanAsync(CrmDbContext db, string? query, int cap, CancellationToken ct)
    {
        var words = SearchText.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return ClientSearch.None;
        var indexed = db.Dialect.HasSearchWordIndex ? words.Where(w => w.Length >= MinIndexedLength).ToArray() : [];
        if (indexed.Length == 0) return new ClientSearch(words, null, null);

        var match = string.Join(" AND ", indexed.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        var broad = new ClientSearch(words, null, match);

        // The outcome of a read is kept until a client's search text or name changes: the triggers count every change, in
        // this process or another one writing the same file, so one row tells whether a kept outcome still holds.
        // Paging through a broad search, or coming back to it, then skips the read that gives the count.
        // Not inside a transaction: a change it rolls back would leave a kept outcome under a version number that the
        // next change reuses.
        var cache = ClientSearchCache.Of(db);
        if (cache is not { Capacity: > 0 } || db.Database.CurrentTransaction is not null) return broad with { Ids = await ReadIdsAsync(db, broad, cap, ct) };
        var version = await db.Database.SqlQueryRaw<long>("SELECT Value AS \"Value\" FROM ClientSearchVersion").SingleAsync(ct);
        var key = new ClientSearchCache.Key(db.Database.GetConnectionString(), match, cap, version);
        if (cache.TryGet(key, out var kept)) return broad with { Ids = kept };
        var ids = await ReadIdsAsync(db, broad, cap, ct);
        cache.Keep(key, ids);
        return broad with { Ids = ids };
    }

    /// <summary>The matching ids, or null when there are more than <paramref name="cap"/>.</summary>
    private static async Task<IReadOnlyList<int>?> ReadIdsAsync(CrmDbContext db, ClientSearch search, int cap, CancellationToken ct)
    {
        var read = await search.MatchIds(db).Take(cap + 1).ToListAsync(ct);
        return read.Count > cap ? null : read;
    }

    /// <summary>
    /// The sort keys of a bucket as a range for the sort key index: from <c>Low</c> (included) to <c>High</c> (excluded;
    /// null for the last bucket). The bucket's two characters decoded from a key, as <see cref="RowKeySql"/> packs them.
    /// </summary>
    public static (string Low, string? High) SortKeysOfBucket(long key)
    {
        var first = (int)((key >> 47) & 0xFFFF);
        var second = (int)((key >> 31) & 0xFFFF);
        static string Text(int codePoint) => codePoint == 0 ? "" : char.ConvertFromUtf32(codePoint);
        // The next code point, stepping over the surrogate range (no name holds those code points).
        static int Next(int codePoint) => codePoint + 1 == 0xD800 ? 0xE000 : codePoint + 1;
        var low = Text(first) + Text(second);
        if (first == 0xFFFF) return (low, null);
        return (low, second == 0xFFFF ? Text(Next(first)) : Text(first) + char.ConvertFromUtf32(Next(second)));
    }

    /// <summary>The first (forward) or last index key of the bucket that the sort key <paramref name="sortKey"/> belongs to.</summary>
    public static async Task<long> BucketEdgeAsync(CrmDbContext db, string sortKey, bool forward, CancellationToken ct)
    {
        var sql = $"SELECT {RowKeySql("{0}", "0")} AS \"Value\"";
        var key = await db.Database.SqlQueryRaw<long>(sql, sortKey).SingleAsync(ct);
        return forward ? key : key | IdBits;
    }

    /// <summary>Clients whose folded search text contains <paramref name="word"/> (LIKE with escaped wildcards).</summary>
    public static IQueryable<Client> Containing(this IQueryable<Client> clients, string word)
    {
        var pattern = "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return clients.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
    }
}

/// <summary>
/// How a search narrows the client list, from one read of the index (<see cref="ClientSearchIndex.PlanAsync"/>): the
/// exact matching ids when there are few; when there are many, the index query itself. Without an FTS index (PostgreSQL,
/// whose trigram GIN index serves LIKE) every word is tested with LIKE, as are words too short for the trigram index.
/// </summary>
public sealed record ClientSearch(IReadOnlyList<string> Words, IReadOnlyList<int>? Ids, string? FtsMatch)
{
    public static readonly ClientSearch None = new([], null, null);

    /// <summary>A search with more matches than were read: pages come from the index query, not from a list of ids.</summary>
    public bool IsBroad => FtsMatch is not null && Ids is null;

    /// <summary>The capped number of matches when the index read alone tells it (no words left for LIKE); null otherwise.</summary>
    public int? KnownCount(int cap) =>
        FtsMatch is null || Words.Any(IsShort) ? null : Ids?.Count ?? cap + 1;

    /// <summary>The clients for a page. For a broad search SQLite would plan "Id IN (matches)" by looking up every match and
    /// sorting them, slow for tens of thousands; "Id + 0 IN (...)" makes it walk the sort index instead.</summary>
    public IQueryable<Client> Apply(CrmDbContext db, IQueryable<Client> clients) => Narrow(clients, MatchIds(db), walkSortIndex: true);

    /// <summary>The clients to count (up to the cap): matches are looked up by id.</summary>
    public IQueryable<Client> ApplyForCount(CrmDbContext db, IQueryable<Client> clients) => Narrow(clients, MatchIds(db), walkSortIndex: false);

    /// <summary>The matching clients whose index keys lie in a window (<see cref="NextWindowAsync"/>), looked up by id.</summary>
    public IQueryable<Client> ApplyInWindow(CrmDbContext db, IQueryable<Client> clients, KeyWindow window)
    {
        if (!window.Dense) return Narrow(clients, MatchIds(db, window.Low, window.High), walkSortIndex: false);
        var (low, high) = ClientSearchIndex.SortKeysOfBucket(window.Low);
        clients = clients.Where(c => string.Compare(c.SortKey, low) >= 0);
        if (high is not null) clients = clients.Where(c => string.Compare(c.SortKey, high) < 0);
        return Narrow(clients, MatchIds(db, window.Low, window.High), walkSortIndex: true);
    }

    /// <summary>The ids of the matches whose index keys lie between <paramref name="low"/> and <paramref name="high"/>.</summary>
    internal IQueryable<int> MatchIds(CrmDbContext db, long low = 0, long high = long.MaxValue) =>
        db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {FtsMatch} AND rowid BETWEEN {low} AND {high}")
            .Select(key => (int)(key & ClientSearchIndex.IdBits));

    /// <summary>
    /// The next window of a broad search in name order, from the index key <paramref name="edge"/> on (forward: up, else
    /// down): a run of whole name buckets holding about <paramref name="probe"/> matches, so that sorting the window's
    /// matches by name gives exactly their place in the list. Null when no match is left.
    /// </summary>
    public async Task<KeyWindow?> NextWindowAsync(CrmDbContext db, long edge, bool forward, int probe, CancellationToken ct)
    {
        // The ORDER BY sits inside the SQL: written around it by LINQ, SQLite sorts every match instead of letting FTS5 hand
        // them out in key order (9 ms instead of 1.7 ms for a page of "nguyen" at 1 M clients).
        var keys = await (forward
            ? db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {FtsMatch} AND rowid >= {edge} ORDER BY rowid LIMIT {probe}")
            : db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {FtsMatch} AND rowid <= {edge} ORDER BY rowid DESC LIMIT {probe}"))
            .ToListAsync(ct);
        if (keys.Count == 0) return null;
        if (keys.Count < probe) return forward ? new KeyWindow(edge, long.MaxValue, IsLast: true) : new KeyWindow(0, edge, IsLast: true);
        // The bucket of the last key read may hold more matches: leave it to the next window, unless it is the only one.
        var first = BucketStart(keys[0]);
        var last = BucketStart(keys[^1]);
        if (last != first) return forward ? new KeyWindow(edge, last - 1, IsLast: false) : new KeyWindow((last | ClientSearchIndex.IdBits) + 1, edge, IsLast: false);
        var dense = await MatchIds(db, last, last | ClientSearchIndex.IdBits).Take(DenseBucket).CountAsync(ct) == DenseBucket;
        return forward
            ? new KeyWindow(edge, last | ClientSearchIndex.IdBits, IsLast: (last | ClientSearchIndex.IdBits) == long.MaxValue, dense)
            : new KeyWindow(last, edge, IsLast: last == 0, dense);
    }

    /// <summary>
    /// A window that is one bucket with at least this many matches is walked along the name index within the bucket's
    /// names rather than sorted: sorting thousands of matches (the "Nguyễn" names of a search for "nguyen") costs more
    /// than walking to the next page of them, while a sparse bucket is cheaper sorted than walked.
    /// </summary>
    private const int DenseBucket = 2000;

    private static long BucketStart(long key) => key & ~ClientSearchIndex.IdBits;

    private IQueryable<Client> Narrow(IQueryable<Client> clients, IQueryable<int> matches, bool walkSortIndex)
    {
        if (FtsMatch is null)
        {
            foreach (var word in Words) clients = clients.Containing(word);
            return clients;
        }
        if (Ids is { } ids) clients = clients.Where(c => ids.Contains(c.Id));
        else clients = walkSortIndex ? clients.Where(c => matches.Contains(c.Id + 0)) : clients.Where(c => matches.Contains(c.Id));
        foreach (var word in Words.Where(IsShort)) clients = clients.Containing(word);
        return clients;
    }

    private static bool IsShort(string word) => word.Length < ClientSearchIndex.MinIndexedLength;
}

/// <summary>
/// A range of index keys, both ends included; the last window reaches the end of the index. A dense window is one
/// bucket holding many matches.
/// </summary>
public readonly record struct KeyWindow(long Low, long High, bool IsLast, bool Dense = false);
