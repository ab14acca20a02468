using System.Diagnostics;
using LybuntCrm.Web;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LybuntCrm.Bench;

/// <summary>
/// LYBUNT flagging on PostgreSQL: <c>bench lybunt --postgres "connection string" [--clients N] [--purchases M]</c>.
/// Creates a scratch database on that server (migrated by the app, data made with one INSERT … SELECT per table from a
/// fixed seed, then ANALYZE), and times in the same run: the hand-written UPDATE of the flags (rolled back, then committed),
/// the flagging job from a never-flagged state, again with nothing to change, and after a day of purchases. The scratch
/// database is dropped at the end, unless <c>--keep</c> is given, which also reuses a kept one.
/// </summary>
public static class LybuntPostgresBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private const string Database = "lybunt_bench_flags";

    public static async Task RunAsync(string server, int clients, int purchases, bool keep)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = Database, CommandTimeout = 0 }.ToString();
        if (keep && await ExistsAsync(server))
        {
            Console.WriteLine($"Using the kept database {Database}");
        }
        else
        {
            await ExecAsync(server, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
            await ExecAsync(server, $"CREATE DATABASE \"{Database}\"");
            var generated = Stopwatch.StartNew();
            await GenerateAsync(connectionString, clients, purchases);
            Console.WriteLine($"Generated {clients:N0} clients and {purchases:N0} purchases on PostgreSQL in {generated.Elapsed.TotalSeconds:N1} s");
        }
        try
        {

            var year = FiscalYear.Containing(Today, 1);
            await ResetAsync(connectionString);
            var rolledBack = await BaselineAsync(connectionString, year, commit: false);
            Console.WriteLine($"Hand-written UPDATE of the flags:             {rolledBack,8:N0} ms (rolled back)");
            var committed = await BaselineAsync(connectionString, year, commit: true);
            Console.WriteLine($"Hand-written UPDATE of the flags, committed:  {committed,8:N0} ms");
            await ResetAsync(connectionString);

            var (first, firstResult) = await JobAsync(connectionString);
            Console.WriteLine($"Job, first run (flags everyone, win-backs): {first,8:N0} ms  {firstResult}");
            var (second, secondResult) = await JobAsync(connectionString);
            Console.WriteLine($"Job, second run (nothing changes):          {second,8:N0} ms  {secondResult}");
            await ExecAsync(connectionString, """
                INSERT INTO "Purchases" ("ClientId", "Date", "Amount", "Currency", "Status", "CreatedAtUtc", "ImportRunId")
                SELECT "Id", DATE '2026-06-15', 100, 'USD', 'Completed', TIMESTAMPTZ '2026-06-15 00:00:00+00', -1
                FROM "Clients" WHERE "RetentionFlag" IN ('Lybunt', 'Sybunt') ORDER BY "Id" LIMIT 2000
                """);
            await using (var db = NewDb(connectionString))
                await ClientFacts.RefreshAsync(db, await db.Purchases.Where(p => p.ImportRunId == -1).Select(p => p.ClientId).ToListAsync());
            var (third, thirdResult) = await JobAsync(connectionString);
            Console.WriteLine($"Job, after 2,000 new purchases:             {third,8:N0} ms  {thirdResult}");
            Console.WriteLine($"Job ÷ UPDATE (rolled back): first run {first / rolledBack:N2}×, steady {second / rolledBack:N2}×, after purchases {third / rolledBack:N2}×");
            Console.WriteLine($"Job ÷ committed UPDATE:     first run {first / committed:N2}×, steady {second / committed:N2}×, after purchases {third / committed:N2}×");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (!keep) await ExecAsync(server, $"DROP DATABASE IF EXISTS \"{Database}\" WITH (FORCE)");
        }
    }

    private static async Task<bool> ExistsAsync(string server)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{Database}'", connection);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task GenerateAsync(string connectionString, int clients, int purchases)
    {
        await using (var db = NewDb(connectionString))
        {
            await LybuntCrm.Web.Infrastructure.Database.MigrateAsync(db);
            db.Users.AddRange(Enumerable.Range(1, 20).Select(i => new AppUser
            {
                Id = $"owner-{i:00}",
                UserName = $"manager{i}@example.com",
                NormalizedUserName = $"MANAGER{i}@EXAMPLE.COM",
                Email = $"manager{i}@example.com",
                NormalizedEmail = $"MANAGER{i}@EXAMPLE.COM",
                DisplayName = $"Manager {i:00}",
                SecurityStamp = Guid.NewGuid().ToString(),
            }));
            await db.SaveChangesAsync();
        }
        // The same shape as the SQLite benchmark: 20 owners, 2% do-not-contact, purchases on random days from 2019-01-01
        // to 2026-06-30 spread at random over the clients (5 on average), 5% cancelled. setseed makes it repeatable.
        await ExecAsync(connectionString, $"""
            INSERT INTO "Clients" ("Name", "Status", "Stage", "OwnerId", "CadenceDays", "PreferredChannel", "DoNotContact",
                "ExternalId", "CreatedOn", "CreatedAtUtc", "SearchText", "RetentionFlag", "LastYearTotal")
            SELECT 'Client ' || lpad(i::text, 7, '0'), 'Client', 'Purchased', 'owner-' || lpad((1 + i % 20)::text, 2, '0'), 120,
                'Email', i % 50 = 0, 'C' || lpad(i::text, 7, '0'), DATE '2019-01-01', TIMESTAMPTZ '2019-01-01 00:00:00+00',
                'client ' || lpad(i::text, 7, '0'), 'None', 0
            FROM generate_series(1, {clients}) AS i;
            SELECT setseed(0.42);
            INSERT INTO "Purchases" ("ClientId", "Date", "Amount", "Currency", "Status", "CreatedAtUtc")
            SELECT 1 + floor(random() * {clients})::int, DATE '2019-01-01' + floor(random() * 2738)::int,
                round((50 + random() * 4950)::numeric, 2), 'USD',
                CASE WHEN random() < 0.05 THEN 'Cancelled' ELSE 'Completed' END, TIMESTAMPTZ '2019-01-01 00:00:00+00'
            FROM generate_series(1, {purchases});
            """);
        await using (var db = NewDb(connectionString)) await ClientFacts.RefreshAsync(db, clientIds: null);
        await ExecAsync(connectionString, "VACUUM ANALYZE");
    }

    /// <summary>Back to "never flagged", with the dead rows of the last run vacuumed so every run starts alike.</summary>
    private static async Task ResetAsync(string connectionString)
    {
        await ExecAsync(connectionString, """
            UPDATE "Clients" SET "RetentionFlag" = 'None', "LastYearTotal" = 0, "FirstFlaggedOn" = NULL, "FlaggedFiscalYear" = NULL,
                                 "RecoveredOn" = NULL, "RecoveredFrom" = NULL
            WHERE "RetentionFlag" <> 'None' OR "RecoveredOn" IS NOT NULL;
            DELETE FROM "FollowUps";
            """);
        await ExecAsync(connectionString, "VACUUM ANALYZE \"Clients\"");
        await ExecAsync(connectionString, "VACUUM ANALYZE \"FollowUps\"");
    }

    private static async Task<double> BaselineAsync(string connectionString, FiscalYear year, bool commit)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await LybuntBench.YardstickAsync(connection, year, commit);
    }

    private static async Task<(double Ms, LybuntFlagResult Result)> JobAsync(string connectionString)
    {
        await using var db = NewDb(connectionString);
        return await LybuntBench.JobAsync(db);
    }

    private static PostgresCrmDbContext NewDb(string connectionString) => new(new DbContextOptionsBuilder<PostgresCrmDbContext>()
        .UseNpgsql(connectionString, o => o.CommandTimeout(1200)).Options);

    private static async Task ExecAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }
}
