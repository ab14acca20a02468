using System.Diagnostics;
using System.Globalization;
using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace LybuntCrm.Bench;

/// <summary>
/// <c>bench import [rows] [clients]</c>: generates a purchases CSV (default 1,000,000 rows for 100,000 clients),
/// then on two copies of the same seeded database measures (1) a plain prepared INSERT loop in one transaction and
/// (2) the real import (streaming parse, checks, chunked commits, client facts refresh) end to end.
/// <c>bench import [rows] [clients] --postgres "connection string"</c> does the same on PostgreSQL: two scratch databases
/// on that server, a plain binary COPY of the rows in one transaction as the baseline, then the import.
/// </summary>
public static class ImportBench
{
    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => DateTime.UtcNow;
        public DateOnly Today => new(2026, 6, 15);
        public DateOnly TodayIn(string timeZoneId) => Today;
    }

    public static async Task RunAsync(string[] args)
    {
        var pgAt = Array.IndexOf(args, "--postgres");
        string? postgres = null;
        if (pgAt >= 0)
        {
            postgres = args.Length > pgAt + 1 ? args[pgAt + 1] : throw new ArgumentException("--postgres needs a connection string.");
            args = [.. args[..pgAt], .. args[(pgAt + 2)..]];
        }
        if (postgres is not null)
        {
            await RunPostgresAsync(postgres,
                args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000,
                args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
            return;
        }
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-bench-import-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var csv = Path.Combine(dir, "purchases.csv");
            var sw = Stopwatch.StartNew();
            Generate(csv, rows, clients);
            Console.WriteLine($"Generated {rows:N0} purchase rows for {clients:N0} clients ({new FileInfo(csv).Length / 1048576.0:F1} MB) in {sw.Elapsed.TotalSeconds:F1} s");

            var seeded = Path.Combine(dir, "seeded.db");
            sw.Restart();
            await SeedAsync(seeded, clients);
            Console.WriteLine($"Seeded {clients:N0} clients in {sw.Elapsed.TotalSeconds:F1} s");

            var baselineDb = Path.Combine(dir, "baseline.db");
            var importDb = Path.Combine(dir, "import.db");
            File.Copy(seeded, baselineDb);
            File.Copy(seeded, importDb);

            var baseline = Baseline(baselineDb, rows, clients);
            Console.WriteLine($"Plain prepared INSERT loop, one transaction: {rows:N0} rows in {baseline.TotalSeconds:F2} s = {rows / baseline.TotalSeconds:N0} rows/s");

            SqliteConnection.ClearAllPools();
            var (dry, _) = await ImportAsync(importDb, csv, commit: false);
            Console.WriteLine($"Dry run (read, parse, check; no writes): {dry.TotalSeconds:F2} s = {rows / dry.TotalSeconds:N0} rows/s");

            // Give memory from the earlier phases back to the OS, then sample the working set while the import runs.
            SqliteConnection.ClearAllPools();
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var before = Process.GetCurrentProcess().WorkingSet64;
            long peak = 0;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    using var p = Process.GetCurrentProcess();
                    peak = Math.Max(peak, p.WorkingSet64);
                    await Task.Delay(20);
                }
            });
            var (import, outcome) = await ImportAsync(importDb, csv, commit: true);
            await stop.CancelAsync();
            await sampler;
            Console.WriteLine($"Import end to end: {outcome.Created:N0} created, {outcome.Failed:N0} failed in {import.TotalSeconds:F2} s = {rows / import.TotalSeconds:N0} rows/s");
            Console.WriteLine($"Ratio import / plain insert: {baseline.TotalSeconds / import.TotalSeconds:P0} (target ≥ 50%)");
            Console.WriteLine($"Working set before the import {before / 1048576.0:F0} MB, peak during the import {peak / 1048576.0:F0} MB");
            Console.WriteLine($"Peak working set of the whole process (incl. seeding): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// <c>bench import-clients [rows] [clients]</c>: a dry run of a client import (default 10,000 rows) against a database
    /// of clients with a phone each (default 100,000); half the rows name an existing client in capitals with a legal form and its phone,
    /// half are new. Measures the dry run, which looks for the rows alike to existing clients a chunk at a time.
    /// </summary>
    public static async Task RunClientsAsync(string[] args)
    {
        var (rows, clients) = (Count(args, 0, 10_000), Count(args, 1, 100_000));
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lybunt-bench-import-clients-" + Environment.ProcessId)).FullName;
        try
        {
            var db = Path.Combine(dir, "seeded.db");
            var sw = Stopwatch.StartNew();
            await SeedAsync(db, clients);
            await using (var seed = Context(db))
                await seed.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Contacts" ("ClientId", "Name", "Phone", "IsPrimary")
                    SELECT "Id", 'Contact', '+8490' || printf('%07d', "Id"), 1 FROM "Clients"
                    """);
            Console.WriteLine($"Seeded {clients:N0} clients with a phone each in {sw.Elapsed.TotalSeconds:F1} s");

            var csv = Path.Combine(dir, "clients.csv");
            await using (var writer = new StreamWriter(csv, false, new UTF8Encoding(false)))
            {
                await writer.WriteAsync("Name,Phone,Notes\n");
                for (var i = 0; i < rows; i++)
                {
                    var client = i * 7 % clients;
                    await writer.WriteAsync(i % 2 == 0
                        ? string.Create(CultureInfo.InvariantCulture, $"CLIENT C{client:D6} LTD,0{90_000_0000 + client + 1},Row {i}\n")
                        : string.Create(CultureInfo.InvariantCulture, $"New Company {i},+8491{i:D7},Row {i}\n"));
                }
            }
            SqliteConnection.ClearAllPools();
            await using var context = Context(db);
            var options = new ImportOptions { Headers = ["Name", "Phone", "Notes"], Columns = new() { ["Name"] = 0, ["Phone"] = 1, ["Notes"] = 2 } };
            var run = new ImportRun { FileName = "clients.csv", StoredPath = csv, Kind = ImportKind.Clients, UserId = "bench-admin", StartedAtUtc = DateTime.UtcNow, Status = ImportStatus.Pending, OptionsJson = options.ToJson() };
            context.ImportRuns.Add(run);
            await context.SaveChangesAsync();
            var clock = new FixedClock();
            var engine = new ImportEngine(context, clock, BenchChanges.For(context, clock));
            sw.Restart();
            var outcome = await engine.RunAsync(ImportKind.Clients, options, csv, run.Id, run.UserId, commit: false, CancellationToken.None);
            Console.WriteLine($"Dry run of {rows:N0} client rows against {clients:N0} clients: {sw.Elapsed.TotalSeconds:F2} s, " +
                $"{outcome.LikelyMatches.Count:N0} rows look like existing clients, {outcome.Created:N0} to create, {outcome.Failed:N0} failed");
            // The part of it spent matching: the name blocks once, then the batch queries a chunk of 1,000 rows at a time.
            sw.Restart();
            var names = await LybuntCrm.Web.Features.Clients.Duplicates.ClientNameBlocks.ReadAsync(context, CancellationToken.None);
            var blocks = sw.Elapsed;
            var likely = new LybuntCrm.Web.Features.Clients.Duplicates.LikelyMatches(context);
            sw.Restart();
            var found = 0;
            for (var chunk = 0; chunk < rows; chunk += 1_000)
            {
                var incoming = Enumerable.Range(chunk, Math.Min(1_000, rows - chunk)).Select(i => i % 2 == 0
                    ? new LybuntCrm.Web.Features.Clients.Duplicates.LikelyMatches.Incoming(i, $"CLIENT C{i * 7 % clients:D6} LTD", null, [],
                        [string.Create(CultureInfo.InvariantCulture, $"+84{90_000_0000 + i * 7 % clients + 1}")], null)
                    : new LybuntCrm.Web.Features.Clients.Duplicates.LikelyMatches.Incoming(i, $"New Company {i}", null, [],
                        [string.Create(CultureInfo.InvariantCulture, $"+8491{i:D7}")], null)).ToList();
                found += (await likely.ForRowsAsync(incoming, names, run.Id, CancellationToken.None)).Count;
            }
            Console.WriteLine($"Of which matching: name blocks of every client {blocks.TotalSeconds:F2} s, batch look-ups {sw.Elapsed.TotalSeconds:F2} s ({found:N0} rows matched)");
            Console.WriteLine($"Peak working set of the whole process (incl. seeding): {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Count(string[] args, int at, int fallback) =>
        args.Length > at ? int.Parse(args[at], CultureInfo.InvariantCulture) : fallback;

    private static void Generate(string path, int rows, int clients)
    {
        var random = new Random(42);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status\n");
        var start = new DateOnly(2019, 1, 1);
        for (var i = 0; i < rows; i++)
        {
            var client = i % clients;
            var date = start.AddDays(random.Next(0, 2700));
            var amount = random.Next(1000, 2_000_000) / 100m;
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"C{client:D6},INV-{i + 1:D7},{date:yyyy-MM-dd},{amount:0.00},USD,{(random.Next(20) == 0 ? "Cancelled" : "Completed")}\n"));
        }
    }

    private static SqliteCrmDbContext Context(string path) => new(new DbContextOptionsBuilder<SqliteCrmDbContext>()
        .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path }.ToString())
        .AddInterceptors(new SqlitePragmas()).Options);

    private static async Task SeedAsync(string path, int clients)
    {
        await using var db = Context(path);
        await Database.MigrateAsync(db);
        db.Users.Add(new AppUser { Id = "bench-admin", UserName = "admin@example.com", Email = "admin@example.com", DisplayName = "Admin" });
        await db.SaveChangesAsync();
        // Clients are set up with one prepared INSERT (setup is not measured).
        await db.Database.OpenConnectionAsync();
        var conn = (SqliteConnection)db.Database.GetDbConnection();
        using (var tx = conn.BeginTransaction())
        using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO "Clients" ("Name", "Status", "Stage", "OwnerId", "CadenceDays", "PreferredChannel", "DoNotContact",
                    "ExternalId", "CreatedOn", "CreatedAtUtc", "SearchText", "RetentionFlag", "LastYearTotal")
                VALUES ($name, 'Client', 'Purchased', 'bench-admin', 120, 'Email', 0, $ext, '2019-01-01', '2019-01-01 00:00:00', $search, 'None', 0)
                """;
            var name = cmd.Parameters.Add("$name", SqliteType.Text);
            var ext = cmd.Parameters.Add("$ext", SqliteType.Text);
            var search = cmd.Parameters.Add("$search", SqliteType.Text);
            for (var i = 0; i < clients; i++)
            {
                var id = $"C{i:D6}";
                name.Value = "Client " + id;
                ext.Value = id;
                search.Value = SearchText.ForClient("Client " + id, id, []);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>The reference: one prepared INSERT with reused parameters, values made in memory, one transaction.</summary>
    private static TimeSpan Baseline(string path, int rows, int clients)
    {
        using var db = Context(path);
        db.Database.OpenConnection();
        var conn = (SqliteConnection)db.Database.GetDbConnection();
        var ids = new int[clients];
        using (var q = conn.CreateCommand())
        {
            q.CommandText = "SELECT Id, ExternalId FROM Clients";
            using var r = q.ExecuteReader();
            while (r.Read()) ids[int.Parse(r.GetString(1).AsSpan(1), CultureInfo.InvariantCulture)] = r.GetInt32(0);
        }
        var random = new Random(42);
        var start = new DateOnly(2019, 1, 1);
        var sw = Stopwatch.StartNew();
        using var tx = conn.BeginTransaction();
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT INTO "Purchases" ("ClientId", "Date", "Amount", "Currency", "Reference", "Status", "ImportRunId", "CreatedAtUtc")
            VALUES ($c, $d, $a, $cur, $ref, $s, NULL, $at)
            """;
        var c = cmd.Parameters.Add("$c", SqliteType.Integer);
        var d = cmd.Parameters.Add("$d", SqliteType.Text);
        var a = cmd.Parameters.Add("$a", SqliteType.Real);
        var cur = cmd.Parameters.Add("$cur", SqliteType.Text);
        var reference = cmd.Parameters.Add("$ref", SqliteType.Text);
        var s = cmd.Parameters.Add("$s", SqliteType.Text);
        var at = cmd.Parameters.Add("$at", SqliteType.Text);
        cmd.Prepare();
        cur.Value = "USD";
        at.Value = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        for (var i = 0; i < rows; i++)
        {
            c.Value = ids[i % clients];
            d.Value = start.AddDays(random.Next(0, 2700)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            a.Value = random.Next(1000, 2_000_000) / 100.0;
            reference.Value = "INV-" + (i + 1).ToString("D7", CultureInfo.InvariantCulture);
            s.Value = random.Next(20) == 0 ? "Cancelled" : "Completed";
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return sw.Elapsed;
    }

    private static async Task<(TimeSpan, ImportOutcome)> ImportAsync(string path, string csv, bool commit)
    {
        await using var db = Context(path);
        return await RunImportAsync(db, csv, commit);
    }

    private static async Task<(TimeSpan, ImportOutcome)> RunImportAsync(CrmDbContext db, string csv, bool commit)
    {
        var options = new ImportOptions
        {
            Headers = ["ClientExternalId", "InvoiceNumber", "Date", "Amount", "Currency", "Status"],
            Columns = new()
            {
                [nameof(ImportField.ClientExternalId)] = 0,
                [nameof(ImportField.InvoiceNumber)] = 1,
                [nameof(ImportField.Date)] = 2,
                [nameof(ImportField.Amount)] = 3,
                [nameof(ImportField.Currency)] = 4,
                [nameof(ImportField.Status)] = 5,
            },
        };
        var run = new ImportRun { FileName = "purchases.csv", StoredPath = csv, Kind = ImportKind.Purchases, UserId = "bench-admin", StartedAtUtc = DateTime.UtcNow, Status = ImportStatus.Running, OptionsJson = options.ToJson() };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        var clock = new FixedClock();
        var engine = new ImportEngine(db, clock, BenchChanges.For(db, clock));
        var sw = Stopwatch.StartNew();
        var outcome = await engine.RunAsync(ImportKind.Purchases, options, csv, run.Id, run.UserId, commit, CancellationToken.None);
        return (sw.Elapsed, outcome);
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static async Task RunPostgresAsync(string server, int rows, int clients)
    {
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-bench-import-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var names = new[] { "lybunt_bench_copy_" + Environment.ProcessId, "lybunt_bench_import_" + Environment.ProcessId };
        try
        {
            var csv = Path.Combine(dir, "purchases.csv");
            var sw = Stopwatch.StartNew();
            Generate(csv, rows, clients);
            Console.WriteLine($"Generated {rows:N0} purchase rows for {clients:N0} clients ({new FileInfo(csv).Length / 1048576.0:F1} MB) in {sw.Elapsed.TotalSeconds:F1} s");
            sw.Restart();
            foreach (var name in names) await SeedPostgresAsync(server, name, clients);
            Console.WriteLine($"Seeded two databases with {clients:N0} clients each in {sw.Elapsed.TotalSeconds:F1} s");

            var baseline = await CopyBaselineAsync(PgDatabase(server, names[0]), rows, clients);
            Console.WriteLine($"Plain binary COPY, one transaction: {rows:N0} rows in {baseline.TotalSeconds:F2} s = {rows / baseline.TotalSeconds:N0} rows/s");

            var (dry, _) = await ImportPostgresAsync(PgDatabase(server, names[1]), csv, commit: false);
            Console.WriteLine($"Dry run (read, parse, check; no writes): {dry.TotalSeconds:F2} s = {rows / dry.TotalSeconds:N0} rows/s");
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            var (import, outcome) = await ImportPostgresAsync(PgDatabase(server, names[1]), csv, commit: true);
            Console.WriteLine($"Import end to end: {outcome.Created:N0} created, {outcome.Failed:N0} failed in {import.TotalSeconds:F2} s = {rows / import.TotalSeconds:N0} rows/s");
            Console.WriteLine($"Ratio import / plain COPY: {baseline.TotalSeconds / import.TotalSeconds:P0}");
            var (again, second) = await ImportPostgresAsync(PgDatabase(server, names[1]), csv, commit: true);
            Console.WriteLine($"Same file again (every row already there): {second.Skipped:N0} skipped in {again.TotalSeconds:F2} s = {rows / again.TotalSeconds:N0} rows/s");
            Console.WriteLine($"Peak working set of the whole process: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using (var conn = new NpgsqlConnection(server))
            {
                await conn.OpenAsync();
                foreach (var name in names)
                {
                    await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
                    await drop.ExecuteNonQueryAsync();
                }
            }
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string PgDatabase(string server, string name) =>
        new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();

    private static PostgresCrmDbContext PostgresContext(string connectionString) => new(new DbContextOptionsBuilder<PostgresCrmDbContext>()
        .UseNpgsql(connectionString, o => o.CommandTimeout(600)).Options);

    private static async Task SeedPostgresAsync(string server, string name, int clients)
    {
        await using (var conn = new NpgsqlConnection(server))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }
        await using var db = PostgresContext(PgDatabase(server, name));
        await LybuntCrm.Web.Infrastructure.Database.MigrateAsync(db);
        db.Users.Add(new AppUser { Id = "bench-admin", UserName = "admin@example.com", Email = "admin@example.com", DisplayName = "Admin" });
        await db.SaveChangesAsync();
        // Setup is not measured: the clients come from one INSERT … SELECT.
        var seed = $"""
            INSERT INTO "Clients" ("Name", "Status", "Stage", "OwnerId", "CadenceDays", "PreferredChannel", "DoNotContact",
                "ExternalId", "CreatedOn", "CreatedAtUtc", "SearchText", "RetentionFlag", "LastYearTotal")
            SELECT 'Client C' || lpad(i::text, 6, '0'), 'Client', 'Purchased', 'bench-admin', 120, 'Email', false,
                'C' || lpad(i::text, 6, '0'), DATE '2019-01-01', TIMESTAMPTZ '2019-01-01 00:00:00+00',
                'client c' || lpad(i::text, 6, '0') || ' c' || lpad(i::text, 6, '0'), 'None', 0
            FROM generate_series(0, {clients - 1}) AS i;
            ANALYZE;
            """;
        await db.Database.ExecuteSqlRawAsync(seed);
    }

    /// <summary>The reference: one binary COPY into the table, values made in memory, one transaction.</summary>
    private static async Task<TimeSpan> CopyBaselineAsync(string connectionString, int rows, int clients)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var ids = new int[clients];
        await using (var q = new NpgsqlCommand("SELECT \"Id\", \"ExternalId\" FROM \"Clients\"", conn))
        await using (var r = await q.ExecuteReaderAsync())
            while (await r.ReadAsync()) ids[int.Parse(r.GetString(1).AsSpan(1), CultureInfo.InvariantCulture)] = r.GetInt32(0);
        var random = new Random(42);
        var start = new DateOnly(2019, 1, 1);
        var at = DateTime.UtcNow;
        var sw = Stopwatch.StartNew();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var copy = await conn.BeginBinaryImportAsync("""
            COPY "Purchases" ("ClientId", "Date", "Amount", "Currency", "Reference", "Status", "ImportRunId", "CreatedAtUtc") FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < rows; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(ids[i % clients], NpgsqlDbType.Integer);
                await copy.WriteAsync(start.AddDays(random.Next(0, 2700)), NpgsqlDbType.Date);
                await copy.WriteAsync(random.Next(1000, 2_000_000) / 100m, NpgsqlDbType.Numeric);
                await copy.WriteAsync("USD", NpgsqlDbType.Varchar);
                await copy.WriteAsync("INV-" + (i + 1).ToString("D7", CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
                await copy.WriteAsync(random.Next(20) == 0 ? "Cancelled" : "Completed", NpgsqlDbType.Varchar);
                await copy.WriteNullAsync();
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await tx.CommitAsync();
        return sw.Elapsed;
    }

    private static async Task<(TimeSpan, ImportOutcome)> ImportPostgresAsync(string connectionString, string csv, bool commit)
    {
        await using var db = PostgresContext(connectionString);
        return await RunImportAsync(db, csv, commit);
    }
}
