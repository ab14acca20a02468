using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace LybuntCrm.Bench;

/// <summary>
/// LYBUNT flagging at scale: <c>dotnet run -c Release --project bench/LybuntCrm.Bench -- lybunt [--clients N] [--purchases M]
/// [--db path] [--fresh]</c>. Generates (once, reused afterwards) a SQLite database with N clients and M purchases on random days
/// from 2019-01-01 to 2026-06-30, then times, in the same run: a hand-written set-based UPDATE of the flags (rolled
/// back), the flagging job from a clean state, the job again with nothing to change, the job after a day of purchases, and
/// the LYBUNT page's first page (the page model's queries).
/// </summary>
public static class LybuntBench
{
    /// <summary>The page reads the state of a run it follows from here; the bench follows none.</summary>
    private static readonly Hangfire.JobStorage JobStorageForPages = new Hangfire.InMemory.InMemoryStorage();

    private static readonly DateOnly Today = new(2026, 6, 15);

    public static async Task RunAsync(string[] args)
    {
        var clients = IntOption(args, "--clients", 1_000_000);
        var purchases = IntOption(args, "--purchases", 5_000_000);
        if (Option(args, "--postgres") is { } server)
        {
            await LybuntPostgresBench.RunAsync(server, clients, purchases, keep: args.Contains("--keep"));
            return;
        }
        var path = Option(args, "--db") ?? Path.Combine(Path.GetTempPath(), $"lybunt-bench-{clients}-{purchases}.db");
        if (args.Contains("--fresh") && File.Exists(path)) DeleteDatabase(path);

        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        await using (var db = NewDb(connectionString))
        {
            // Schema only: the client search index (FTS5) plays no part here and would only slow generation down.
            await db.Database.MigrateAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            if (!await db.Clients.AnyAsync())
            {
                var generated = Stopwatch.StartNew();
                await GenerateAsync(db, connectionString, clients, purchases);
                Console.WriteLine($"Generated {clients:N0} clients and {purchases:N0} purchases in {generated.Elapsed.TotalSeconds:N1} s ({path})");
            }
            else
            {
                Console.WriteLine($"Using {path}: {await db.Clients.CountAsync():N0} clients, {await db.Purchases.CountAsync():N0} purchases");
            }
        }

        var year = FiscalYear.Containing(Today, 1);
        await ResetAsync(connectionString);
        var baseline1 = await BaselineAsync(connectionString, year);
        Console.WriteLine($"Hand-written UPDATE of the flags:             {baseline1,8:N0} ms (rolled back)");
        var committed = await BaselineAsync(connectionString, year, commit: true);
        Console.WriteLine($"Hand-written UPDATE of the flags, committed:  {committed,8:N0} ms");
        await ResetAsync(connectionString);

        var memoryBefore = Process.GetCurrentProcess().WorkingSet64;
        var (first, firstResult) = await JobAsync(connectionString);
        Console.WriteLine($"Job, first run (flags everyone, win-backs): {first,8:N0} ms  {firstResult}");
        var (second, secondResult) = await JobAsync(connectionString);
        Console.WriteLine($"Job, second run (nothing changes):          {second,8:N0} ms  {secondResult}");
        await AddDayOfPurchasesAsync(connectionString, 2_000);
        var (third, thirdResult) = await JobAsync(connectionString);
        Console.WriteLine($"Job, after 2,000 new purchases:             {third,8:N0} ms  {thirdResult}");
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"Working set: {memoryBefore / 1048576:N0} MB before the job runs, {process.WorkingSet64 / 1048576:N0} MB after, " +
                          $"peak {process.PeakWorkingSet64 / 1048576:N0} MB; managed heap {GC.GetTotalMemory(false) / 1048576:N0} MB");

        var baseline2 = await BaselineAsync(connectionString, year);
        Console.WriteLine($"Hand-written UPDATE of the flags, again:      {baseline2,8:N0} ms (rolled back)");
        var baseline = Math.Min(baseline1, baseline2);
        Console.WriteLine($"Job ÷ UPDATE: first run {first / baseline:N2}×, steady {second / baseline:N2}×, after purchases {third / baseline:N2}×");
        Console.WriteLine($"Job ÷ committed UPDATE: first run {first / committed:N2}×, steady {second / committed:N2}×, after purchases {third / committed:N2}×");

        await PageAsync(connectionString);
    }

    private static async Task GenerateAsync(CrmDbContext db, string connectionString, int clientCount, int purchaseCount)
    {
        var owners = Enumerable.Range(1, 20).Select(i => new AppUser
        {
            UserName = $"manager{i}@example.com",
            NormalizedUserName = $"MANAGER{i}@EXAMPLE.COM",
            Email = $"manager{i}@example.com",
            NormalizedEmail = $"MANAGER{i}@EXAMPLE.COM",
            DisplayName = $"Manager {i:00}",
            SecurityStamp = Guid.NewGuid().ToString(),
        }).ToList();
        db.Users.AddRange(owners);
        await db.SaveChangesAsync();
        var ownerIds = owners.Select(o => o.Id).ToArray();

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=OFF;");
        var random = new Random(42);
        var created = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO Clients (Name, Status, Stage, OwnerId, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc,
                                     SearchText, RetentionFlag, LastYearTotal, ExternalId)
                VALUES ($name, 'Client', 'Purchased', $owner, 120, 'Email', $dnc, '2019-01-01', $created, $search, 'None', 0, $ext)
                """;
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var owner = insert.Parameters.Add("$owner", SqliteType.Text);
            var dnc = insert.Parameters.Add("$dnc", SqliteType.Integer);
            insert.Parameters.AddWithValue("$created", created);
            var search = insert.Parameters.Add("$search", SqliteType.Text);
            var ext = insert.Parameters.Add("$ext", SqliteType.Text);
            insert.Prepare();
            for (var i = 1; i <= clientCount; i++)
            {
                name.Value = $"Client {i:0000000}";
                owner.Value = ownerIds[random.Next(ownerIds.Length)];
                dnc.Value = random.Next(50) == 0 ? 1 : 0;
                search.Value = $"client {i:0000000}";
                ext.Value = $"C{i:0000000}";
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        // Purchases client by client, 0 to 10 each (5 on average) on random days from 2019-01-01 to 2026-06-30.
        var first = new DateOnly(2019, 1, 1);
        var days = new DateOnly(2026, 6, 30).DayNumber - first.DayNumber + 1;
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO Purchases (ClientId, Date, Amount, Currency, Status, CreatedAtUtc)
                VALUES ($client, $date, $amount, 'USD', $status, $created)
                """;
            var client = insert.Parameters.Add("$client", SqliteType.Integer);
            var date = insert.Parameters.Add("$date", SqliteType.Text);
            var amount = insert.Parameters.Add("$amount", SqliteType.Real);
            var status = insert.Parameters.Add("$status", SqliteType.Text);
            insert.Parameters.AddWithValue("$created", created);
            insert.Prepare();
            var written = 0;
            for (var c = 1; c <= clientCount && written < purchaseCount; c++)
            {
                var count = c == clientCount ? purchaseCount - written : Math.Min(random.Next(0, 11), purchaseCount - written);
                for (var k = 0; k < count; k++, written++)
                {
                    client.Value = c;
                    date.Value = first.AddDays(random.Next(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    amount.Value = Math.Round(50 + random.NextDouble() * 4950, 2);
                    status.Value = random.Next(20) == 0 ? "Cancelled" : "Completed";
                    await insert.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
        }
        await Exec(connection, "PRAGMA synchronous=NORMAL;");
        await using var refresh = NewDb(connectionString);
        await ClientFacts.RefreshAsync(refresh, clientIds: null);
        await Exec(connection, "ANALYZE;");
    }

    /// <summary>Back to "never flagged": the first job run then does all its work.</summary>
    private static async Task ResetAsync(string connectionString)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, """
            UPDATE Clients SET RetentionFlag = 'None', LastYearTotal = 0, FirstFlaggedOn = NULL, FlaggedFiscalYear = NULL,
                               RecoveredOn = NULL, RecoveredFrom = NULL
            WHERE RetentionFlag <> 'None' OR RecoveredOn IS NOT NULL;
            DELETE FROM FollowUps;
            DELETE FROM Purchases WHERE ImportRunId = -1;
            """);
    }

    /// <summary>
    /// The yardstick: one UPDATE setting the same flags with EXISTS lookups, as one would write it by hand, on a connection
    /// set up like the app's. Rolled back, or committed (the commit writes the changed pages to the write-ahead log, as the
    /// job's commit does; the caller then resets the flags).
    /// </summary>
    private static async Task<double> BaselineAsync(string connectionString, FiscalYear year, bool commit = false)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, $"PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{SqlitePragmas.CacheKilobytes};");
        return await YardstickAsync(connection, year, commit);
    }

    /// <summary>Times the yardstick UPDATE on an open connection of either provider, rolled back or committed.</summary>
    internal static async Task<double> YardstickAsync(DbConnection connection, FiscalYear year, bool commit)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandTimeout = 0;
        command.CommandText = """
            UPDATE "Clients" SET "RetentionFlag" = CASE
                WHEN EXISTS (SELECT 1 FROM "Purchases" p WHERE p."ClientId" = "Clients"."Id" AND p."Status" = 'Completed'
                             AND p."Date" >= @thisStart AND p."Date" <= @today) THEN 'None'
                WHEN EXISTS (SELECT 1 FROM "Purchases" p WHERE p."ClientId" = "Clients"."Id" AND p."Status" = 'Completed'
                             AND p."Date" >= @lastStart AND p."Date" < @thisStart) THEN 'Lybunt'
                WHEN EXISTS (SELECT 1 FROM "Purchases" p WHERE p."ClientId" = "Clients"."Id" AND p."Status" = 'Completed'
                             AND p."Date" < @lastStart) THEN 'Sybunt'
                ELSE 'None' END
            """;
        foreach (var (name, value) in new[] { ("@today", Today), ("@thisStart", year.Start), ("@lastStart", year.Previous.Start) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var watch = Stopwatch.StartNew();
        await command.ExecuteNonQueryAsync();
        if (commit) await tx.CommitAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (!commit) await tx.RollbackAsync();
        return elapsed;
    }

    private static async Task<(double Ms, LybuntFlagResult Result)> JobAsync(string connectionString)
    {
        await using var db = NewDb(connectionString);
        return await JobAsync(db);
    }

    /// <summary>Times one run of the flagging job, exactly as the nightly job runs it.</summary>
    internal static async Task<(double Ms, LybuntFlagResult Result)> JobAsync(CrmDbContext db)
    {
        var clock = new BenchClock(Today);
        var job = new LybuntFlagJob(db, clock, new Audit(db, clock, new HttpContextAccessor()), BenchChanges.Webhooks(db, clock), NullLogger<LybuntFlagJob>.Instance);
        var watch = Stopwatch.StartNew();
        var result = await job.FlagAsync(CancellationToken.None);
        return (watch.Elapsed.TotalMilliseconds, result);
    }
    /// <summary>Some flagged clients buy again today (marked so <see cref="ResetAsync"/> can remove them).</summary>
    private static async Task AddDayOfPurchasesAsync(string connectionString, int count)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Purchases (ClientId, Date, Amount, Currency, Status, CreatedAtUtc, ImportRunId)
            SELECT Id, $today, 100, 'USD', 'Completed', '2026-06-15 00:00:00', -1 FROM Clients
            WHERE RetentionFlag IN ('Lybunt', 'Sybunt') ORDER BY Id LIMIT $count
            """;
        command.Parameters.AddWithValue("$today", Today);
        command.Parameters.AddWithValue("$count", count);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task PageAsync(string connectionString)
    {
        await using var db = NewDb(connectionString);
        var ownerId = await db.Users.OrderBy(u => u.DisplayName).Select(u => u.Id).FirstAsync();
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var admin = Principal("bench-admin", Roles.Admin);
        var manager = Principal(ownerId, Roles.AccountManager);

        async Task<(double Ms, IndexModel Model)> Load(ClaimsPrincipal user, string? list, string? owner, string? after)
        {
            await using var pageDb = NewDb(connectionString);
            var model = new IndexModel(pageDb, new BenchClock(Today), cache, new PassThroughLocalizer(), DisplayFormat.For("en"))
            {
                List = list,
                Owner = owner,
                After = after,
                PageContext = new PageContext { HttpContext = new DefaultHttpContext { User = user } },
            };
            var watch = Stopwatch.StartNew();
            await model.OnGetAsync(JobStorageForPages, CancellationToken.None);
            return (watch.Elapsed.TotalMilliseconds, model);
        }

        var cold = await Load(admin, null, null, null);
        Console.WriteLine($"LYBUNT page, first page, first request:    {cold.Ms,8:N1} ms ({cold.Model.Figures.Clients:N0} clients, {cold.Model.Figures.RevenueAtRisk:N0} at risk)");
        foreach (var (label, user, list, owner) in new[]
                 {
                     ("LYBUNT first page", admin, (string?)null, (string?)null),
                     ("LYBUNT first page, one owner", manager, null, ownerId),
                     ("SYBUNT first page", admin, "sybunt", null),
                     ("Recovered this year", admin, "recovered", null),
                 })
        {
            var runs = new List<double>();
            IndexModel? last = null;
            for (var i = 0; i < 5; i++)
            {
                var (ms, model) = await Load(user, list, owner, null);
                runs.Add(ms);
                last = model;
            }
            var next = last!.NextCursor;
            var (deepMs, _) = await Load(user, list, owner, next);
            Console.WriteLine($"{label + ":",-42} {runs.Order().ElementAt(2),8:N1} ms median of 5 (next page {deepMs:N1} ms, {last.Rows.Count} rows)");
        }
    }

    private static ClaimsPrincipal Principal(string id, string role) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "bench"));

    private static SqliteCrmDbContext NewDb(string connectionString) => new(new DbContextOptionsBuilder<SqliteCrmDbContext>()
        .UseSqlite(connectionString, o => o.CommandTimeout(600)).AddInterceptors(new SqlitePragmas()).Options);

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        int.TryParse(Option(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private sealed class PassThroughLocalizer : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(CultureInfo.InvariantCulture, name, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
