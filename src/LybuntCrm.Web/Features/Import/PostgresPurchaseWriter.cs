using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LybuntCrm.Web.Features.Import;

/// <summary>
/// PostgreSQL: new purchases go straight into the table with one binary COPY; changed purchases are copied into a
/// temporary table (dropped at commit) and applied with one UPDATE … FROM. Both run in the chunk's transaction.
/// </summary>
internal sealed class PostgresPurchaseWriter(CrmDbContext db, int? runId, IClock clock) : PurchaseBulkWriter
{
    public override async Task ReadExistingAsync(Action<int, string?, ExistingPurchase> add, CancellationToken ct)
    {
        var conn = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "SELECT \"Id\", \"ClientId\", \"Reference\", \"Date\", \"Amount\", \"Currency\", \"Status\", \"ImportRunId\" FROM \"Purchases\"", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var e = new ExistingPurchase
            {
                Id = r.GetInt32(0),
                Date = r.GetFieldValue<DateOnly>(3).DayNumber,
                Amount = decimal.Round(r.GetDecimal(4), 2),
                Currency = r.GetString(5),
                Status = Enum.Parse<PurchaseStatus>(r.GetString(6)),
                ImportRunId = r.IsDBNull(7) ? null : r.GetInt32(7),
            };
            add(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), e);
        }
    }

    public override async Task WriteAsync(List<PendingPurchase> chunk, IReadOnlyDictionary<int, int> newClientIds, CancellationToken ct)
    {
        // The chunk's transaction holds the connection open.
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        var createdAt = DateTime.SpecifyKind(clock.UtcNow, DateTimeKind.Utc);
        var inserts = 0;
        foreach (var row in chunk) if (row.UpdateId == 0) inserts++;
        var updates = chunk.Count - inserts;
        if (inserts > 0)
        {
            await using var copy = await conn.BeginBinaryImportAsync(
                $"COPY \"Purchases\" ({PurchaseColumns}, \"ImportRunId\", \"CreatedAtUtc\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in chunk)
            {
                if (row.UpdateId != 0) continue;
                await copy.StartRowAsync(ct);
                await WriteValuesAsync(copy, row, newClientIds, ct);
                if (runId is { } id) await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                else await copy.WriteNullAsync(ct);
                await copy.WriteAsync(createdAt, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        if (updates > 0)
        {
            await using (var create = new NpgsqlCommand("""
                CREATE TEMP TABLE "ImportPurchaseUpdates" ("Id" integer NOT NULL, "ClientId" integer NOT NULL, "Date" date NOT NULL,
                    "Amount" numeric(18,2) NOT NULL, "Currency" character varying(3) NOT NULL, "Reference" character varying(100),
                    "Status" character varying(32) NOT NULL) ON COMMIT DROP
                """, conn))
                await create.ExecuteNonQueryAsync(ct);
            await using (var copy = await conn.BeginBinaryImportAsync(
                $"COPY \"ImportPurchaseUpdates\" (\"Id\", {PurchaseColumns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in chunk)
                {
                    if (row.UpdateId == 0) continue;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(row.UpdateId, NpgsqlDbType.Integer, ct);
                    await WriteValuesAsync(copy, row, newClientIds, ct);
                }
                await copy.CompleteAsync(ct);
            }
            await using var update = new NpgsqlCommand("""
                UPDATE "Purchases" AS p SET "ClientId" = u."ClientId", "Date" = u."Date", "Amount" = u."Amount",
                    "Currency" = u."Currency", "Reference" = u."Reference", "Status" = u."Status"
                FROM "ImportPurchaseUpdates" AS u
                WHERE p."Id" = u."Id"
                """, conn);
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task WriteValuesAsync(NpgsqlBinaryImporter copy, PendingPurchase row, IReadOnlyDictionary<int, int> newClientIds,
        CancellationToken ct)
    {
        await copy.WriteAsync(ClientIdOf(row, newClientIds), NpgsqlDbType.Integer, ct);
        await copy.WriteAsync(DateOnly.FromDayNumber(row.Date), NpgsqlDbType.Date, ct);
        await copy.WriteAsync(row.Amount, NpgsqlDbType.Numeric, ct);
        await copy.WriteAsync(row.Currency, NpgsqlDbType.Varchar, ct);
        if (row.Reference is null) await copy.WriteNullAsync(ct);
        else await copy.WriteAsync(row.Reference, NpgsqlDbType.Varchar, ct);
        await copy.WriteAsync(row.Status == PurchaseStatus.Completed ? "Completed" : "Cancelled", NpgsqlDbType.Varchar, ct);
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }
}
