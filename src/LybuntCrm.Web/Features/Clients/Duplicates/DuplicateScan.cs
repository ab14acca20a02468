using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Features.Clients.Duplicates;

/// <summary>
/// Finds the clients that look like one and replaces <see cref="DuplicatePair"/> with them. Never compares all pairs:
/// every client gets blocking keys (its phones, emails, external id, company domains, and <see cref="ClientNames.BlockingKeys"/>
/// of its folded name) in a temporary table, and only clients sharing a key are compared. The keys and the candidate
/// pairs are built by SQL in the database; only the names pass through here (folding needs Unicode rules), a page at a
/// time, and the candidates come back a page at a time to have their names compared and their score set.
/// </summary>
public sealed class DuplicateScan(CrmDbContext db, IClock clock, ILogger<DuplicateScan> logger)
{
    /// <summary>
    /// A key shared by more clients than this says nothing (a switchboard number, a very common name) and would cost
    /// n² comparisons: such a block is left out.
    /// </summary>
    public const int MaxBlockSize = 20;

    /// <summary>
    /// Names sharing only their first or last six letters are a weaker hint than a shared phone: their blocks are held
    /// smaller, which keeps the comparisons near one per client.
    /// </summary>
    public const int MaxNameBlockSize = 8;

    private const int PageSize = 20_000;

    public sealed record Outcome(int Clients, int Candidates, int Pairs, TimeSpan Elapsed, string Stages = "");

    public async Task<Outcome> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var stages = new List<(string Stage, TimeSpan At)>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await DropTempTablesAsync(connection, ct);
            int clients, candidates, pairs;
            await using (var tx = await connection.BeginTransactionAsync(ct))
            {
                await ExecAsync(connection, tx, """
                    CREATE TEMP TABLE dup_key (client_id INTEGER NOT NULL, kind INTEGER NOT NULL, block_key TEXT NOT NULL);
                    CREATE TEMP TABLE dup_name (client_id INTEGER NOT NULL PRIMARY KEY, folded TEXT NOT NULL);
                    CREATE TEMP TABLE dup_scored (a INTEGER NOT NULL, b INTEGER NOT NULL, score INTEGER NOT NULL, reasons INTEGER NOT NULL, similarity INTEGER NOT NULL);
                    """, ct);
                await InsertExactKeysAsync(connection, tx, ct);
                stages.Add(("exact keys", watch.Elapsed));
                clients = await InsertNameKeysAsync(connection, tx, ct);
                stages.Add(("names", watch.Elapsed));
                candidates = await FindCandidatesAsync(connection, tx, ct);
                stages.Add(("candidates", watch.Elapsed));
                await ScoreAsync(connection, tx, ct);
                await tx.CommitAsync(ct);
                stages.Add(("scores", watch.Elapsed));
            }
            await using (var tx = await connection.BeginTransactionAsync(ct))
            {
                // Replaced in one transaction: the page shows the old list or the new one, never half of each.
                await ExecAsync(connection, tx, "DELETE FROM \"DuplicatePairs\"", ct);
                await using var insert = Command(connection, tx, """
                    INSERT INTO "DuplicatePairs" ("ClientAId", "ClientBId", "Score", "Reasons", "NameSimilarity", "FoundAtUtc")
                    SELECT s.a, s.b, s.score, s.reasons, s.similarity, @now FROM dup_scored s
                    WHERE NOT EXISTS (SELECT 1 FROM "NotDuplicatePairs" n WHERE n."ClientAId" = s.a AND n."ClientBId" = s.b)
                    """);
                Add(insert, "@now", clock.UtcNow);
                pairs = await insert.ExecuteNonQueryAsync(ct);
                await tx.CommitAsync(ct);
            }
            await DropTempTablesAsync(connection, ct);
            stages.Add(("list", watch.Elapsed));
            var took = string.Join(", ", stages.Select((s, i) => string.Create(CultureInfo.InvariantCulture,
                $"{s.Stage} {(s.At - (i == 0 ? TimeSpan.Zero : stages[i - 1].At)).TotalSeconds:0.0} s")));
            logger.LogInformation("Duplicate scan: {Clients} clients, {Candidates} candidate pairs, {Pairs} likely duplicates in {ElapsedMs} ms ({Stages})",
                clients, candidates, pairs, watch.ElapsedMilliseconds, took);
            return new Outcome(clients, candidates, pairs, watch.Elapsed, took);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Phones (E.164, of every contact and chat number), emails, external ids and company domains: plain SQL.</summary>
    private async Task InsertExactKeysAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var dialect = db.Dialect;
        var freeMail = string.Join(", ", EmailAddresses.FreeMailDomains.Select(d => "'" + d.Replace("'", "''", StringComparison.Ordinal) + "'"));
        const string live = "JOIN \"Clients\" c ON c.\"Id\" = ct.\"ClientId\" AND c.\"MergedIntoId\" IS NULL";
        var phone = (int)DuplicateReasons.SamePhone;
        var email = (int)DuplicateReasons.SameEmail;
        var externalId = (int)DuplicateReasons.SameExternalId;
        var domain = (int)DuplicateReasons.SameDomain;
        await ExecAsync(connection, tx, $"""
            INSERT INTO dup_key (client_id, kind, block_key)
            SELECT ct."ClientId", {phone}, ct."Phone" FROM "Contacts" ct {live} WHERE ct."Phone" LIKE '+%'
            UNION SELECT ct."ClientId", {phone}, ct."ZaloPhone" FROM "Contacts" ct {live} WHERE ct."ZaloPhone" LIKE '+%'
            UNION SELECT ct."ClientId", {phone}, ct."WhatsAppPhone" FROM "Contacts" ct {live} WHERE ct."WhatsAppPhone" LIKE '+%'
            UNION SELECT ct."ClientId", {email}, lower(ct."Email") FROM "Contacts" ct {live} WHERE ct."Email" LIKE '%_@_%'
            UNION SELECT ct."ClientId", {domain}, {dialect.EmailDomainOf("ct.\"Email\"")} FROM "Contacts" ct {live}
                WHERE ct."Email" LIKE '%_@_%' AND {dialect.EmailDomainOf("ct.\"Email\"")} NOT IN ({freeMail})
            UNION SELECT c."Id", {domain}, lower(c."EmailDomain") FROM "Clients" c
                WHERE c."MergedIntoId" IS NULL AND c."EmailDomain" IS NOT NULL AND lower(c."EmailDomain") NOT IN ({freeMail})
            UNION SELECT c."Id", {externalId}, lower(trim(c."ExternalId")) FROM "Clients" c
                WHERE c."MergedIntoId" IS NULL AND c."ExternalId" IS NOT NULL AND trim(c."ExternalId") <> ''
            """, ct);
    }

    /// <summary>The folded names and their blocking keys, a page of clients at a time (folding needs .NET's Unicode tables).</summary>
    private async Task<int> InsertNameKeysAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var count = 0;
        var after = 0;
        var names = new List<(int Id, string Folded)>(PageSize);
        var keys = new List<(int Id, string Key)>(PageSize * 3);
        while (true)
        {
            var read = 0;
            names.Clear();
            keys.Clear();
            await using (var select = Command(connection, tx,
                             $"SELECT \"Id\", \"Name\" FROM \"Clients\" WHERE \"MergedIntoId\" IS NULL AND \"Id\" > @after ORDER BY \"Id\" LIMIT {PageSize}"))
            {
                Add(select, "@after", after);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    read++;
                    var id = reader.GetInt32(0);
                    after = id;
                    var folded = ClientNames.Fold(reader.GetString(1));
                    if (folded.Length == 0) continue;
                    names.Add((id, folded));
                    foreach (var key in ClientNames.BlockingKeys(folded)) keys.Add((id, key));
                }
            }
            if (read == 0) break;
            count += names.Count;
            await db.Dialect.BulkInsertAsync(connection, tx, "dup_name", ["client_id", "folded"], names.Select(n => new object[] { n.Id, n.Folded }), ct);
            await db.Dialect.BulkInsertAsync(connection, tx, "dup_key", ["client_id", "kind", "block_key"],
                keys.Select(k => new object[] { k.Id, (int)DuplicateReasons.SimilarName, k.Key }), ct);
        }
        return count;
    }

    /// <summary>Pairs of clients sharing at least one key of a block no larger than <see cref="MaxBlockSize"/>, with the kinds of keys they share.</summary>
    private static async Task<int> FindCandidatesAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        await ExecAsync(connection, tx, $"""
            CREATE INDEX dup_key_block ON dup_key (kind, block_key, client_id);
            ANALYZE dup_key;
            CREATE TEMP TABLE dup_block AS
                SELECT kind, block_key FROM dup_key GROUP BY kind, block_key
                HAVING COUNT(*) BETWEEN 2 AND CASE WHEN kind = {(int)DuplicateReasons.SimilarName} AND block_key NOT LIKE 'w:%'
                                                   THEN {MaxNameBlockSize} ELSE {MaxBlockSize} END;
            CREATE TEMP TABLE dup_candidate AS
                SELECT x.client_id AS a, y.client_id AS b, SUM(DISTINCT x.kind) AS reasons
                FROM dup_block k
                JOIN dup_key x ON x.kind = k.kind AND x.block_key = k.block_key
                JOIN dup_key y ON y.kind = k.kind AND y.block_key = k.block_key AND y.client_id > x.client_id
                GROUP BY x.client_id, y.client_id;
            CREATE UNIQUE INDEX dup_candidate_pair ON dup_candidate (a, b);
            """, ct);
        await using var count = Command(connection, tx, "SELECT COUNT(*) FROM dup_candidate");
        return Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>Each candidate's names compared and its score set; pairs worth a look go to dup_scored.</summary>
    private async Task ScoreAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var (afterA, afterB) = (0, 0);
        var page = new List<(int A, int B, DuplicateReasons Reasons, string NameA, string NameB)>(PageSize);
        var scored = new List<(int A, int B, int Score, DuplicateReasons Reasons, int Similarity)>(PageSize);
        while (true)
        {
            page.Clear();
            scored.Clear();
            await using (var read = Command(connection, tx, $"""
                             SELECT c.a, c.b, c.reasons, COALESCE(x.folded, ''), COALESCE(y.folded, '')
                             FROM dup_candidate c
                             LEFT JOIN dup_name x ON x.client_id = c.a
                             LEFT JOIN dup_name y ON y.client_id = c.b
                             WHERE (c.a, c.b) > (@a, @b)
                             ORDER BY c.a, c.b LIMIT {PageSize}
                             """))
            {
                Add(read, "@a", afterA);
                Add(read, "@b", afterB);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                    page.Add((reader.GetInt32(0), reader.GetInt32(1), (DuplicateReasons)Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
                        reader.GetString(3), reader.GetString(4)));
            }
            if (page.Count == 0) break;
            (afterA, afterB) = (page[^1].A, page[^1].B);
            foreach (var (a, b, found, nameA, nameB) in page)
            {
                var similarity = ClientNames.Similarity(nameA, nameB);
                var reasons = DuplicateScore.WithName(found, similarity);
                var score = DuplicateScore.Of(reasons, similarity);
                if (reasons != DuplicateReasons.None && score >= DuplicateScore.MinimumScore) scored.Add((a, b, score, reasons, similarity));
            }
            await db.Dialect.BulkInsertAsync(connection, tx, "dup_scored", ["a", "b", "score", "reasons", "similarity"],
                scored.Select(r => new object[] { r.A, r.B, r.Score, (int)r.Reasons, r.Similarity }), ct);
        }
    }

    private static async Task DropTempTablesAsync(DbConnection connection, CancellationToken ct)
    {
        foreach (var table in new[] { "dup_candidate", "dup_block", "dup_scored", "dup_name", "dup_key" })
            await ExecAsync(connection, null, $"DROP TABLE IF EXISTS {table}", ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }
}
