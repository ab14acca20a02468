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
    /// Clients whose search text contains every word of the query (case, diacritics and letter forms folded).
    /// On SQLite all indexed words go to one FTS5 query ("a" AND "b"), which intersects the matches itself. SQLite plans
    /// "Id IN (matches)" by looking up every match and sorting, right for a few hundred matches and slow for tens of
    /// thousands; with <paramref name="walkSortIndex"/> the term is written "Id + 0 IN (...)" so that SQLite walks the sort
    /// index instead and stops when the page is full. Words too short for the trigram index are matched with LIKE.
    /// </summary>
    public static IQueryable<Client> Search(this IQueryable<Client> clients, CrmDbContext db, string? query, bool walkSortIndex = false)
    {
        var phrases = new List<string>();
        foreach (var word in SearchText.Fold(query).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (db.IsSqlite && word.Length >= MinIndexedLength)
            {
                phrases.Add("\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
                continue;
            }
            var pattern = "%" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            clients = clients.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
        }
        if (phrases.Count == 0) return clients;
        var match = string.Join(" AND ", phrases);
        var ids = db.Database.SqlQuery<int>($"SELECT rowid AS \"Value\" FROM ClientSearch WHERE ClientSearch MATCH {match}");
        return walkSortIndex ? clients.Where(c => ids.Contains(c.Id + 0)) : clients.Where(c => ids.Contains(c.Id));
    }
}
