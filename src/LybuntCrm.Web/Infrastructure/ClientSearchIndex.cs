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

    public static async Task EnsureSqliteAsync(CrmDbContext db, CancellationToken ct)
    {
        var exists = await db.Database.SqlQueryRaw<int>(
            "SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type='table' AND name='ClientSearch'").SingleAsync(ct) > 0;
        if (exists) return;
        await db.Database.ExecuteSqlRawAsync("""
            CREATE VIRTUAL TABLE ClientSearch USING fts5(SearchText, content='Clients', content_rowid='Id', tokenize='trigram');
            CREATE TRIGGER Clients_search_ai AFTER INSERT ON Clients BEGIN
              INSERT INTO ClientSearch(rowid, SearchText) VALUES (new.Id, new.SearchText);
            END;
            CREATE TRIGGER Clients_search_ad AFTER DELETE ON Clients BEGIN
              INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
            END;
            CREATE TRIGGER Clients_search_au AFTER UPDATE OF SearchText ON Clients BEGIN
              INSERT INTO ClientSearch(ClientSearch, rowid, SearchText) VALUES ('delete', old.Id, old.SearchText);
              INSERT INTO ClientSearch(rowid, SearchText) VALUES (new.Id, new.SearchText);
            END;
            INSERT INTO ClientSearch(ClientSearch) VALUES ('rebuild');
            """, ct);
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
        var indexed = db.IsSqlite ? words.Where(w => w.Length >= MinIndexedLength).ToArray() : [];
        if (indexed.Length == 0) return new ClientSearch(words, null, null);

        var match = string.Join(" AND ", indexed.Select(w => "\"" + w.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        var ids = await db.Database.SqlQuery<int>(
            $"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {match} LIMIT {cap + 1}").ToListAsync(ct);
        return new ClientSearch(words, ids.Count > cap ? null : ids, match);
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
/// exact matching ids when there are few; when there are many, the index query itself, written so that SQLite walks the
/// sort index and stops when the page is full. Without an FTS index (PostgreSQL, whose trigram GIN index serves LIKE) every
/// word is tested with LIKE, as are words too short for the trigram index.
/// </summary>
public sealed record ClientSearch(IReadOnlyList<string> Words, IReadOnlyList<int>? Ids, string? FtsMatch)
{
    public static readonly ClientSearch None = new([], null, null);

    /// <summary>The capped number of matches when the index read alone tells it (no words left for LIKE); null otherwise.</summary>
    public int? KnownCount(int cap) =>
        FtsMatch is null || Words.Any(IsShort) ? null : Ids?.Count ?? cap + 1;

    /// <summary>The clients for a page. For a broad search SQLite would plan "Id IN (matches)" by looking up every match and
    /// sorting them, slow for tens of thousands; "Id + 0 IN (...)" makes it walk the sort index instead.</summary>
    public IQueryable<Client> Apply(CrmDbContext db, IQueryable<Client> clients) => Narrow(db, clients, walkSortIndex: true);

    /// <summary>The clients to count (up to the cap): matches are looked up by id.</summary>
    public IQueryable<Client> ApplyForCount(CrmDbContext db, IQueryable<Client> clients) => Narrow(db, clients, walkSortIndex: false);

    private IQueryable<Client> Narrow(CrmDbContext db, IQueryable<Client> clients, bool walkSortIndex)
    {
        if (FtsMatch is null)
        {
            foreach (var word in Words) clients = clients.Containing(word);
            return clients;
        }
        if (Ids is { } ids)
        {
            clients = clients.Where(c => ids.Contains(c.Id));
        }
        else
        {
            var matches = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {FtsMatch}");
            clients = walkSortIndex ? clients.Where(c => matches.Contains(c.Id + 0)) : clients.Where(c => matches.Contains(c.Id));
        }
        foreach (var word in Words.Where(IsShort)) clients = clients.Containing(word);
        return clients;
    }

    private static bool IsShort(string word) => word.Length < ClientSearchIndex.MinIndexedLength;
}
