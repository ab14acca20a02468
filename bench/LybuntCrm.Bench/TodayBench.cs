using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Changes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace LybuntCrm.Bench;

/// <summary>
/// Check-in scheduling and the Today page at size:
/// <c>today [--clients 100000] [--managers 20] [--touchpoints 1000000] [--connections 16] [--seconds 15] [--dir DIR] [--seed 7] [--reuse [--touches-only]] [--no-page]</c>.
/// Generates a database with prepared INSERTs, times check-in-schedule (first run and a steady-state rerun) and
/// occasion-schedule, then starts the web app on a loopback port and measures GET /Today with N connections,
/// each signed in as a different manager.
/// </summary>
public static partial class TodayBench
{
    internal static readonly DateOnly Today = new(2026, 6, 15);
    private const string Password = "correct-horse-battery";

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed class FixedClock : IClock
    {
        public DateTime UtcNow => DateTime.UtcNow;
        public DateOnly Today => TodayBench.Today;
        public DateOnly TodayIn(string timeZoneId) => TodayBench.Today;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        string? Opt(string name) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault();
        int Int(string name, int fallback) => int.TryParse(Opt(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var clients = Int("clients", 100_000);
        var managers = Int("managers", 20);
        var touchpoints = Int("touchpoints", 1_000_000);
        var connections = Int("connections", 16);
        var seconds = Int("seconds", 15);
        var seed = Int("seed", 7);
        var dir = Opt("dir") ?? Path.Combine(Path.GetTempPath(), "lybunt-today-bench");
        var reuse = args.Contains("--reuse") && File.Exists(Path.Combine(dir, "lybunt.db"));
        if (!reuse && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "lybunt.db");

        var watch = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>()
            .UseSqlite($"Data Source={file}").AddInterceptors(new SqlitePragmas()).Options;
        // A reused database takes the migrations added since it was made.
        await using (var db = new SqliteCrmDbContext(options)) await Database.MigrateAsync(db);
        if (!reuse)
        {
            await GenerateAsync(file, clients, managers, touchpoints, seed);
            Console.WriteLine($"generated {clients:N0} clients, {managers} managers, {touchpoints:N0} touchpoints in {watch.Elapsed.TotalSeconds:F1} s");
        }

        var clock = new FixedClock();
        // --touches-only: a reused database already scheduled; measure the logged touches (and the page) alone.
        var schedule = !(args.Contains("--touches-only") && reuse);
        for (var run = 1; schedule && run <= 2; run++)
        {
            await using var db = new SqliteCrmDbContext(options);
            watch.Restart();
            var result = await new CheckInScheduleJob(db, clock, BenchChanges.For(db, clock), BenchChanges.Webhooks(db, clock), NullLogger<CheckInScheduleJob>.Instance).ScheduleAsync(CancellationToken.None);
            Console.WriteLine($"check-in-schedule run {run}: {watch.Elapsed.TotalSeconds:F2} s (created {result.Created:N0}, closed {result.Closed:N0}, re-planned {result.Replanned:N0}; {result.Timings})");
        }
        await using (var db = new SqliteCrmDbContext(options))
        {
            watch.Restart();
            if (schedule)
            {
                var created = await new OccasionScheduleJob(db, clock, NullLogger<OccasionScheduleJob>.Instance).ScheduleAsync(CancellationToken.None);
                Console.WriteLine($"occasion-schedule: {watch.Elapsed.TotalSeconds:F2} s (created {created:N0})");
            }
            var open = await db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open);
            var today = await db.FollowUps.CountAsync(f => f.Status == FollowUpStatus.Open && f.PlannedOn <= Today);
            Console.WriteLine($"open follow-ups {open:N0}; planned for today {today:N0} (capacity 8 x {managers} managers)");
        }

        await MeasureTouchesAsync(options, clock, Int("touches", 300), seed);
        if (!args.Contains("--no-page")) await MeasureTodayPageAsync(dir, managers, connections, seconds);
        return 0;
    }

    /// <summary>
    /// A touch logged as the client page logs it (one transaction through the change pipeline: facts, LYBUNT pass, the
    /// client's contact item, the owner's plan when it changed), for random clients with an open follow-up or none.
    /// </summary>
    private static async Task MeasureTouchesAsync(DbContextOptions<SqliteCrmDbContext> options, IClock clock, int touches, int seed)
    {
        var random = new Random(seed);
        int[] ids;
        string[] users;
        await using (var db = new SqliteCrmDbContext(options))
        {
            ids = await db.Clients.Select(c => c.Id).ToArrayAsync();
            users = await db.Users.Select(u => u.Id).ToArrayAsync();
        }
        var times = new List<double>(touches);
        for (var i = 0; i < touches; i++)
        {
            await using var db = new SqliteCrmDbContext(options);
            var clientId = ids[random.Next(ids.Length)];
            var touch = new Touchpoint
            {
                ClientId = clientId,
                UserId = users[random.Next(users.Length)],
                OccurredOn = Today,
                CreatedAtUtc = DateTime.UtcNow,
                Channel = Channel.Phone,
                Direction = Direction.Outbound,
                Outcome = random.Next(3) == 0 ? TouchpointOutcome.NoAnswer : TouchpointOutcome.Reached,
            };
            var started = Stopwatch.GetTimestamp();
            await BenchChanges.For(db, clock).TouchLoggedAsync(touch);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)(q * times.Count))];
        Console.WriteLine($"touch logged ({touches} in process): p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms");
    }

    private static async Task GenerateAsync(string file, int clientCount, int managerCount, int touchpointCount, int seed)
    {
        var random = new Random(seed);
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;

        var hash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), Password);
        Exec(connection, tx, """INSERT INTO "AspNetRoles" ("Id","Name","NormalizedName","ConcurrencyStamp") VALUES ('r-admin','Admin','ADMIN','x'),('r-am','AccountManager','ACCOUNTMANAGER','y')""");
        var users = Prepare(connection, tx, """
            INSERT INTO "AspNetUsers" ("Id","DisplayName","TimeZoneId","DailyCapacity","DigestEnabled","DigestHour","IsActive","Culture","UseSolarHijri",
              "CalendarToken","UserName","NormalizedUserName","Email","NormalizedEmail","EmailConfirmed","PasswordHash","SecurityStamp","ConcurrencyStamp",
              "PhoneNumberConfirmed","TwoFactorEnabled","LockoutEnabled","AccessFailedCount","DigestDelivery","WorkingDays")
            VALUES ($id,$name,'UTC',8,1,7,1,'en',0,$token,$email,$norm,$email,$norm,1,$hash,$stamp,$stamp,0,0,1,0,'Email',62)
            """, "$id", "$name", "$token", "$email", "$norm", "$hash", "$stamp");
        var roles = Prepare(connection, tx, """INSERT INTO "AspNetUserRoles" ("UserId","RoleId") VALUES ($u,'r-am')""", "$u");
        for (var m = 0; m < managerCount; m++)
        {
            var email = $"manager{m}@example.com";
            Run(users, $"user-{m}", $"Manager {m}", $"{m:x2}{new string('c', 46)}", email, email.ToUpperInvariant(), hash, Guid.NewGuid().ToString("N"));
            Run(roles, $"user-{m}");
        }

        var clientInsert = Prepare(connection, tx, """
            INSERT INTO "Clients" ("Id","Name","Status","Stage","OwnerId","CadenceDays","PreferredChannel","DoNotContact","CreatedOn","CreatedAtUtc","SearchText","RetentionFlag","LastYearTotal")
            VALUES ($id,$name,$status,'Purchased',$owner,$cadence,$channel,$dnc,$created,$now,$name,'None',0)
            """, "$id", "$name", "$status", "$owner", "$cadence", "$channel", "$dnc", "$created", "$now");
        var contactInsert = Prepare(connection, tx, """
            INSERT INTO "Contacts" ("Id","ClientId","Name","Email","Phone","BirthdayDay","BirthdayMonth","IsPrimary") VALUES ($id,$id,$name,$email,$phone,$day,$month,1)
            """, "$id", "$name", "$email", "$phone", "$day", "$month");
        var purchaseInsert = Prepare(connection, tx, """
            INSERT INTO "Purchases" ("ClientId","Date","Amount","Currency","Status","CreatedAtUtc") VALUES ($c,$d,$a,'USD','Completed',$now)
            """, "$c", "$d", "$a", "$now");
        string[] channels = ["Phone", "Email", "Letter", "Meeting"];
        int[] cadences = [90, 120, 120, 180];
        for (var id = 1; id <= clientCount; id++)
        {
            var roll = random.Next(100);
            var status = roll < 2 ? "LetGo" : roll < 4 ? "Disqualified" : roll < 15 ? "Prospect" : "Client";
            var created = Today.AddDays(-random.Next(30, 2000));
            Run(clientInsert, id, $"Client {id:D6}", status, $"user-{id % managerCount}", cadences[random.Next(cadences.Length)],
                channels[random.Next(channels.Length)], random.Next(100) < 2 ? 1 : 0, Iso(created), now);
            var birthday = random.Next(3) == 0;
            Run(contactInsert, id, $"Contact {id}", $"contact{id}@example.com", $"+1 555 {id % 10000:D4}",
                birthday ? random.Next(1, 29) : DBNull.Value, birthday ? random.Next(1, 13) : DBNull.Value);
            if (status == "Client")
                for (var p = random.Next(0, 3); p > 0; p--) Run(purchaseInsert, id, Iso(Today.AddDays(-random.Next(0, 1500))), random.Next(100, 5000), now);
        }

        var touchInsert = Prepare(connection, tx, """
            INSERT INTO "Touchpoints" ("ClientId","UserId","OccurredOn","CreatedAtUtc","Channel","Direction","Outcome","Disrespectful")
            VALUES ($c,$u,$on,$now,$ch,$dir,$out,0)
            """, "$c", "$u", "$on", "$now", "$ch", "$dir", "$out");
        string[] outcomes = ["Reached", "Reached", "NoAnswer", "LeftMessage", "ProposalSent", "Postponed"];
        for (var t = 0; t < touchpointCount; t++)
        {
            var client = random.Next(1, clientCount + 1);
            Run(touchInsert, client, $"user-{client % managerCount}", Iso(Today.AddDays(-random.Next(0, 1100))), now,
                channels[random.Next(channels.Length)], random.Next(5) == 0 ? "Inbound" : "Outbound", outcomes[random.Next(outcomes.Length)]);
        }
        await tx.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        await analyze.ExecuteNonQueryAsync();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Exec(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The web app on the benchmark's database, as production runs it (no job server, warnings only), its output read and
    /// dropped unless <paramref name="onOutput"/> wants a line.
    /// </summary>
    internal static Process StartApp(string dir, string url, Action<string>? onOutput = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LybuntCrm.Web.dll"), "--urls", url])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["App__DataDirectory"] = dir;
        start.Environment["Clock__Today"] = Iso(Today);
        start.Environment["Jobs__RunServer"] = "false";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var app = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        app.OutputDataReceived += (_, e) => { if (e.Data is { } line) onOutput?.Invoke(line); };
        app.ErrorDataReceived += (_, e) => { if (e.Data is { } line) onOutput?.Invoke(line); };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        return app;
    }

    private static async Task MeasureTodayPageAsync(string dir, int managers, int connections, int seconds)
    {
        var port = 5600 + Random.Shared.Next(300);
        var url = $"http://127.0.0.1:{port}";
        using var app = StartApp(dir, url);
        try
        {
            var clients = new List<HttpClient>();
            for (var i = 0; i < connections; i++)
            {
                var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
                { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
                await WaitAndSignInAsync(http, $"manager{i % managers}@example.com");
                clients.Add(http);
            }
            foreach (var path in new[] { "/health", "/Today" })
            {
                await LoadAsync(clients, path, TimeSpan.FromSeconds(3)); // warm-up
                var (count, errors, latencies) = await LoadAsync(clients, path, TimeSpan.FromSeconds(seconds));
                latencies.Sort();
                double P(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
                Console.WriteLine($"GET {path}, {connections} connections, {seconds} s: {count:N0} requests, {count / (double)seconds:F0} req/s, " +
                    $"p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, errors {errors}");
            }
            foreach (var http in clients) http.Dispose();
        }
        finally
        {
            app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
        }
    }

    internal static async Task WaitAndSignInAsync(HttpClient http, string email)
    {
        string? form = null;
        for (var attempt = 0; form is null; attempt++)
        {
            try { form = await http.GetStringAsync("/Account/Login"); }
            catch (HttpRequestException) when (attempt < 120) { await Task.Delay(500); }
        }
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        using var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in as {email} failed: {response.StatusCode}");
    }

    private static async Task<(int Count, int Errors, List<double> Latencies)> LoadAsync(List<HttpClient> clients, string path, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(clients.Select(async http =>
        {
            var latencies = new List<double>();
            var errors = 0;
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK) errors++;
            }
            return (latencies, errors);
        }));
        var all = results.SelectMany(r => r.latencies).ToList();
        return (all.Count, results.Sum(r => r.errors), all);
    }
}
