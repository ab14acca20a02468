using System.Diagnostics;
using System.Globalization;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LybuntCrm.Bench;

/// <summary>
/// Daily digest: 500 managers over 100,000 clients (one open follow-up each, today's list at capacity 8, overdue work,
/// occasions, newly flagged LYBUNT clients, prospect reviews and hand-offs), on a SQLite file.
/// Measures finding the due managers, querying every list and rendering the emails, then the whole job with the outbox writes.
/// Usage: dotnet run -c Release --project bench/LybuntCrm.Bench -- digest [managers] [clients]
/// </summary>
public static class DigestBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    public static async Task RunAsync(string[] args)
    {
        var managers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-digest-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "bench.db") }.ToString();
        try
        {
            await using var provider = Services(connectionString, dir);
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            var seed = Stopwatch.StartNew();
            var counts = Seed(connectionString, managers, clients);
            Console.WriteLine($"Seeded {managers} managers, {clients:N0} clients, {counts.FollowUps:N0} follow-ups, {counts.Handoffs:N0} hand-offs in {seed.Elapsed.TotalSeconds:F1} s");

            var buildTimes = new List<double>();
            var emails = 0;
            for (var run = 0; run < 3; run++)
            {
                await using var scope = provider.CreateAsyncScope();
                var builder = scope.ServiceProvider.GetRequiredService<DigestBuilder>();
                var template = scope.ServiceProvider.GetRequiredService<DigestTemplate>();
                var watch = Stopwatch.StartNew();
                var due = await builder.DueRecipientsAsync();
                var digests = await builder.BuildAsync(due);
                var queried = watch.Elapsed.TotalSeconds;
                var messages = digests.Where(d => !d.IsEmpty).Select(template.Render).ToList();
                watch.Stop();
                buildTimes.Add(watch.Elapsed.TotalSeconds);
                Console.WriteLine($"Run {run + 1}: queries {queried:F2} s, rendering {watch.Elapsed.TotalSeconds - queried:F2} s");
                emails = messages.Count;
                if (run == 0)
                {
                    var sample = digests.First(d => !d.IsEmpty);
                    Console.WriteLine($"Due managers {due.Count}; emails {messages.Count}; sample: {sample.Planned.Count} planned, {sample.OverdueCount} overdue, " +
                                      $"{sample.Occasions.Count} occasions, {sample.NewlyFlaggedCount} newly flagged, {sample.ReviewsDue.Count} reviews, {sample.HandoffsWaiting.Count} hand-offs; " +
                                      $"HTML {messages[0].HtmlBody.Length:N0} chars");
                }
            }
            buildTimes.Sort();
            Console.WriteLine($"Build digests (find due + all lists + render), median of 3: {buildTimes[1]:F2} s (min {buildTimes[0]:F2}, max {buildTimes[2]:F2})");

            await using (var scope = provider.CreateAsyncScope())
            {
                var job = scope.ServiceProvider.GetRequiredService<DailyDigestJob>();
                var watch = Stopwatch.StartNew();
                var written = await job.WriteDigestsAsync();
                Console.WriteLine($"Whole daily-digest job including {written} outbox inserts: {watch.Elapsed.TotalSeconds:F2} s");
                watch.Restart();
                var again = await job.WriteDigestsAsync();
                Console.WriteLine($"Second run the same hour (nothing due): {again} written in {watch.Elapsed.TotalSeconds:F2} s");
            }
            Console.WriteLine(emails > 0 && buildTimes[1] < 10 ? "PASS: under 10 s" : "FAIL: target is under 10 s");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static ServiceProvider Services(string connectionString, string dir)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clock:Today"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["App:BaseUrl"] = "https://crm.example.com",
            ["App:DataDirectory"] = dir,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL") == "1" ? LogLevel.Information : LogLevel.Warning).AddSimpleConsole());
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<IDataProtectionProvider>(DataProtectionProvider.Create("LybuntCrm.Bench"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock, SystemClock>();
        services.AddDbContext<CrmDbContext, SqliteCrmDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
        services.AddSingleton<DigestLinks>();
        services.AddScoped<DigestBuilder>();
        services.AddScoped<DigestTemplate>();
        services.AddScoped<Outbox>();
        services.AddScoped<DailyDigestJob>();
        return services.BuildServiceProvider();
    }

    private static (int FollowUps, int Handoffs) Seed(string connectionString, int managers, int clients)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        string[] zones = ["UTC", "Asia/Ho_Chi_Minh", "Asia/Tehran", "Europe/London", "America/New_York"];
        Exec(connection, tx, "INSERT INTO AspNetRoles (Id, Name, NormalizedName) VALUES ('role-am', 'AccountManager', 'ACCOUNTMANAGER')");
        var user = Prepare(connection, tx, """
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled,
              LockoutEnabled, AccessFailedCount, DisplayName, TimeZoneId, DailyCapacity, DigestEnabled, DigestHour, IsActive, Culture, UseSolarHijri, CalendarToken, DigestDelivery, WorkingDays)
            VALUES ($id, $email, upper($email), $email, upper($email), 1, 0, 0, 1, 0, $name, $tz, 8, 1, 0, 1, 'en', 0, $id, 'Email', 62)
            """, "$id", "$email", "$name", "$tz");
        var role = Prepare(connection, tx, "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($id, 'role-am')", "$id");
        for (var m = 0; m < managers; m++)
        {
            Run(user, $"u{m}", $"manager{m}@example.com", $"Manager {m}", zones[m % zones.Length]);
            Run(role, $"u{m}");
        }

        var client = Prepare(connection, tx, """
            INSERT INTO Clients (Id, Name, Status, Stage, OwnerId, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc, SearchText,
              RetentionFlag, LastYearTotal, FirstFlaggedOn)
            VALUES ($id, $name, $status, 'Purchased', $owner, 120, $channel, 0, '2024-01-01', '2024-01-01 00:00:00', '', $flag, $total, $flagged)
            """, "$id", "$name", "$status", "$owner", "$channel", "$flag", "$total", "$flagged");
        var contact = Prepare(connection, tx, "INSERT INTO Contacts (ClientId, Name, Email, Phone, IsPrimary) VALUES ($client, $name, $email, $phone, 1)",
            "$client", "$name", "$email", "$phone");
        var followUp = Prepare(connection, tx, """
            INSERT INTO FollowUps (ClientId, AssigneeId, Kind, DueOn, PlannedOn, Status, Reason, SourceKey, CreatedAtUtc)
            VALUES ($client, $assignee, $kind, $due, $planned, 'Open', $reason, $key, '2026-06-01 00:00:00')
            """, "$client", "$assignee", "$kind", "$due", "$planned", "$reason", "$key");
        var handoff = Prepare(connection, tx, """
            INSERT INTO Handoffs (ClientId, FromUserId, ToUserId, Note, CreatedAtUtc) VALUES ($client, $from, $to, $note, '2026-06-10 09:00:00')
            """, "$client", "$from", "$to", "$note");

        string[] channels = ["Phone", "Email", "Letter", "Meeting"];
        int followUps = 0, handoffs = 0;
        for (var i = 1; i <= clients; i++)
        {
            var m = (i - 1) % managers;
            var slot = (i - 1) / managers; // the manager's n-th client
            var owner = $"u{m}";
            var status = slot % 50 == 7 ? "Prospect" : "Client";
            var flag = slot % 10 == 3 ? "Lybunt" : "None";
            var flaggedOn = flag == "Lybunt" ? Today.AddDays(-(slot % 30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            Run(client, i, $"Client {i} Ltd", status, owner, channels[i % 4], flag, flag == "Lybunt" ? 1000 + (i % 50) * 250 : 0, flaggedOn);
            Run(contact, i, $"Contact {i}", $"buyer{i}@client{i}.example", $"+44 20 7946 {i % 10000:0000}");

            // Capacity levelling gives each manager 8 follow-ups today; the rest are spread over the next 120 days,
            // a few are overdue, and every 25th client has an occasion coming.
            var kind = status == "Prospect" ? "ProspectReview" : slot % 25 == 5 ? "Occasion" : flag == "Lybunt" ? "WinBack" : "CheckIn";
            var planned = slot < 8 ? Today : Today.AddDays(1 + slot % 120);
            var due = slot % 40 == 1 ? Today.AddDays(-(slot % 20) - 1) : kind == "Occasion" ? Today.AddDays(slot % 10) : planned;
            Run(followUp, i, owner, kind, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), planned.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"Reason for client {i}", $"bench:{i}");
            followUps++;
            if (slot % 100 == 11)
            {
                Run(handoff, i, $"u{(m + 1) % managers}", owner, "Prefers calls in the morning; renewal due in September.");
                handoffs++;
            }
        }
        tx.Commit();
        return (followUps, handoffs);
    }

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

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
