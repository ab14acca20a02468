using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LybuntCrm.Web.Features.Import;

/// <summary>SQLite: one prepared insert and one prepared update, executed row by row inside the chunk's transaction.</summary>
internal sealed class SqlitePurchaseWriter(CrmDbContext db, int? runId, IClock clock) : PurchaseBulkWriter
{
    private SqliteCommand? _insert;
    private SqliteCommand? _update;

    public override async Task ReadExistingAsync(Action<int, string?, ExistingPurchase> add, CancellationToken ct)
    {
        var conn = await OpenAsync(ct);
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT Id, ClientId, Reference, Date, Amount, Currency, Status, ImportRunId FROM Purchases";
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var e = new ExistingPurchase
            {
                Id = r.GetInt32(0),
                Date = DateOnly.ParseExact(r.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture).DayNumber,
                Amount = decimal.Round((decimal)r.GetDouble(4), 2),
                Currency = r.GetString(5),
                Status = Enum.Parse<PurchaseStatus>(r.GetString(6)),
                ImportRunId = r.IsDBNull(7) ? null : r.GetInt32(7),
            };
            add(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), e);
        }
    }

    public override Task WriteAsync(List<PendingPurchase> chunk, IReadOnlyDictionary<int, int> newClientIds, CancellationToken ct)
    {
        // The chunk's transaction holds the connection open.
        var conn = (SqliteConnection)db.Database.GetDbConnection();
        var insert = _insert ??= PrepareInsert(conn);
        var update = _update ??= PrepareUpdate(conn);
        var sqliteTx = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        insert.Transaction = sqliteTx;
        update.Transaction = sqliteTx;
        var p = insert.Parameters;
        var createdAt = clock.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        p[6].Value = (object?)runId ?? DBNull.Value;
        p[7].Value = createdAt;
        foreach (var row in chunk)
        {
            var command = row.UpdateId == 0 ? insert : update;
            var q = command.Parameters;
            q[0].Value = ClientIdOf(row, newClientIds);
            q[1].Value = DateOnly.FromDayNumber(row.Date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            q[2].Value = (double)row.Amount;
            q[3].Value = row.Currency;
            q[4].Value = (object?)row.Reference ?? DBNull.Value;
            q[5].Value = row.Status == PurchaseStatus.Completed ? "Completed" : "Cancelled";
            if (row.UpdateId != 0) q[6].Value = row.UpdateId;
            command.ExecuteNonQuery();
        }
        return Task.CompletedTask;
    }

    public override void Dispose()
    {
        _insert?.Dispose();
        _update?.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return (SqliteConnection)db.Database.GetDbConnection();
    }

    private static SqliteCommand PrepareInsert(SqliteConnection conn)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            INSERT INTO "Purchases" ({PurchaseColumns}, "ImportRunId", "CreatedAtUtc")
            VALUES ($c, $d, $a, $cur, $ref, $s, $run, $at)
            """;
        foreach (var name in new[] { "$c", "$d", "$a", "$cur", "$ref", "$s", "$run", "$at" }) cmd.Parameters.Add(new SqliteParameter(name, null));
        return cmd;
    }

    private static SqliteCommand PrepareUpdate(SqliteConnection conn)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = """
            UPDATE "Purchases" SET "ClientId" = $c, "Date" = $d, "Amount" = $a, "Currency" = $cur, "Reference" = $ref, "Status" = $s
            WHERE "Id" = $id
            """;
        foreach (var name in new[] { "$c", "$d", "$a", "$cur", "$ref", "$s", "$id" }) cmd.Parameters.Add(new SqliteParameter(name, null));
        return cmd;
    }
}
