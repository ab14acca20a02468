using System.Diagnostics;
using System.Globalization;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace LybuntCrm.Bench;

/// <summary>
/// Mailbox sync: one manager's mailbox of N messages (default 10,000; 30% with a client's contact, the rest with
/// strangers, a third of them in Sent) on a real dovecot IMAP server, against M clients (default 100,000) in a SQLite file.
/// Measures the first sync (every message read, matched touches logged through the change pipeline), a sync with nothing
/// new, and the managed heap's peak during the first sync (run it with twice the messages to see that it stays flat).
/// Usage: dotnet run -c Release --project bench/LybuntCrm.Bench -- mailbox [messages] [clients]
/// </summary>
public static class MailboxBench
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private const string ImapUser = "manager0";
    private const string ImapPassword = "bench-imap-secret";
    private const string ManagerEmail = "manager0@firm.example";

    public static async Task RunAsync(string[] args)
    {
        var messages = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-mailbox-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "bench.db") }.ToString();
        using var server = DovecotServer.Started();
        try
        {
            await using var provider = Services(connectionString, dir);
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            var watch = Stopwatch.StartNew();
            Seed(connectionString, clients);
            Console.WriteLine($"Seeded {clients:N0} clients with a contact and a check-in each in {watch.Elapsed.TotalSeconds:F1} s");

            watch.Restart();
            server.AddUser(ImapUser, ImapPassword);
            var matching = Deliver(server, messages, clients);
            Console.WriteLine($"Delivered {messages:N0} messages ({matching:N0} with a client) in {watch.Elapsed.TotalSeconds:F1} s");

            int mailboxId;
            await using (var scope = provider.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                var mailbox = new Mailbox
                {
                    UserId = "u0",
                    Host = server.Host,
                    Port = server.Port,
                    Security = MailSecurity.None,
                    UserName = ImapUser,
                    ProtectedPassword = scope.ServiceProvider.GetRequiredService<MailboxPasswords>().Protect(ImapPassword),
                    CreatedAtUtc = DateTime.UtcNow,
                    Folders = [new MailboxFolder { Name = "INBOX" }, new MailboxFolder { Name = "Sent" }],
                };
                db.Mailboxes.Add(mailbox);
                await db.SaveChangesAsync();
                mailboxId = mailbox.Id;
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long heapPeak = 0;
            using var stopSampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stopSampling.IsCancellationRequested)
                {
                    // Live objects only (a full collection first): what the sync holds, not garbage waiting for the collector.
                    heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: true));
                    try { await Task.Delay(1000, stopSampling.Token); } catch (OperationCanceledException) { }
                }
            });
            var first = await SyncAsync(provider, mailboxId);
            await stopSampling.CancelAsync();
            await sampler;
            Console.WriteLine($"First sync: {first.Result.Read:N0} read, {first.Result.Matched:N0} matched, {first.Result.Logged:N0} touches logged " +
                              $"in {first.Seconds:F1} s ({first.Result.Read / first.Seconds:N0} messages/s); problem {first.Result.Problem}");
            Console.WriteLine($"Live managed heap (sampled once a second): {heapBefore / 1048576.0:F0} MB before, peak {heapPeak / 1048576.0:F0} MB during the first sync");

            var again = new List<double>();
            for (var run = 0; run < 3; run++) again.Add((await SyncAsync(provider, mailboxId)).Seconds);
            again.Sort();
            Console.WriteLine($"Sync with nothing new, median of 3: {again[1]:F2} s (min {again[0]:F2}, max {again[2]:F2})");

            var touches = await CountAsync(provider);
            Console.WriteLine($"Synced touches in the database: {touches:N0}");
            var pass = first.Result.Problem == MailboxProblem.None && first.Result.Logged == matching && touches == matching
                       && first.Seconds <= 60 && again[1] <= 1;
            Console.WriteLine(pass ? "PASS: first sync ≤ 60 s, nothing new ≤ 1 s, every matching message logged once"
                                   : "FAIL: targets are a first sync ≤ 60 s, nothing new ≤ 1 s, every matching message logged once");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<(MailboxSync.Result Result, double Seconds)> SyncAsync(ServiceProvider provider, int mailboxId)
    {
        await using var scope = provider.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<MailboxSync>();
        var watch = Stopwatch.StartNew();
        var result = await sync.SyncAsync(mailboxId, CancellationToken.None);
        return (result, watch.Elapsed.TotalSeconds);
    }

    private static async Task<int> CountAsync(ServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await db.Touchpoints.CountAsync(t => t.Source == TouchpointSource.Mailbox);
    }

    /// <summary>Every tenth message of the matching 30% comes in; the rest go out from the manager (Sent).</summary>
    private static int Deliver(DovecotServer server, int messages, int clients)
    {
        var random = new Random(42);
        var matching = 0;
        for (var i = 0; i < messages; i++)
        {
            var withClient = i % 10 < 3;
            var other = withClient ? $"buyer{1 + random.Next(clients)}@client.example" : $"someone{i}@elsewhere.example";
            if (withClient) matching++;
            var outgoing = i % 3 == 0;
            var message = new MimeMessage();
            message.From.Add(MailboxAddress.Parse(outgoing ? ManagerEmail : other));
            message.To.Add(MailboxAddress.Parse(outgoing ? other : ManagerEmail));
            message.Subject = $"Order {i}: delivery schedule";
            message.Date = new DateTimeOffset(Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMinutes(-(messages - i) * 30L);
            message.MessageId = $"bench-{i}@mail.example";
            message.Body = new TextPart("plain") { Text = $"Hello,\n\nthe delivery for order {i} leaves on Monday.\n\nBest regards" };
            server.Deliver(ImapUser, outgoing ? "Sent" : "INBOX", message);
        }
        return matching;
    }

    private static ServiceProvider Services(string connectionString, string dir)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clock:Today"] = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["App:DataDirectory"] = dir,
            ["Mailboxes:LookbackDays"] = "36500",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddSingleton<IDataProtectionProvider>(DataProtectionProvider.Create("LybuntCrm.Bench"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IClock, SystemClock>();
        services.AddDbContext<CrmDbContext, SqliteCrmDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
        services.AddScoped<LybuntCrm.Web.Infrastructure.Changes.ClientChanges>();
        services.AddSingleton<MailboxPasswords>();
        services.AddScoped<MessageMatcher>();
        services.AddScoped<LybuntCrm.Web.Infrastructure.Email.EmailBounces>();
        services.AddScoped<DeliveryReports>();
        services.AddScoped<MailboxSync>();
        return services.BuildServiceProvider();
    }

    private static void Seed(string connectionString, int clients)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using (var user = connection.CreateCommand())
        {
            user.Transaction = tx;
            user.CommandText = $"""
                INSERT INTO AspNetRoles (Id, Name, NormalizedName) VALUES ('role-am', 'AccountManager', 'ACCOUNTMANAGER');
                INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled,
                  LockoutEnabled, AccessFailedCount, DisplayName, TimeZoneId, DailyCapacity, DigestEnabled, DigestHour, IsActive, Culture, UseSolarHijri, CalendarToken, DigestDelivery, WorkingDays)
                VALUES ('u0', '{ManagerEmail}', upper('{ManagerEmail}'), '{ManagerEmail}', upper('{ManagerEmail}'), 1, 0, 0, 1, 0, 'Manager 0', 'UTC', 8, 1, 0, 1, 'en', 0, 'u0', 'Email', 62);
                INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ('u0', 'role-am');
                """;
            user.ExecuteNonQuery();
        }
        var client = Prepare(connection, tx, """
            INSERT INTO Clients (Id, Name, Status, Stage, OwnerId, CadenceDays, PreferredChannel, DoNotContact, CreatedOn, CreatedAtUtc, SearchText,
              RetentionFlag, LastYearTotal)
            VALUES ($id, $name, 'Client', 'Purchased', 'u0', 120, 'Email', 0, '2024-01-01', '2024-01-01 00:00:00', '', 'None', 0)
            """, "$id", "$name");
        var contact = Prepare(connection, tx, "INSERT INTO Contacts (ClientId, Name, Email, IsPrimary) VALUES ($client, $name, $email, 1)",
            "$client", "$name", "$email");
        var followUp = Prepare(connection, tx, """
            INSERT INTO FollowUps (ClientId, AssigneeId, Kind, DueOn, PlannedOn, Status, Reason, SourceKey, CreatedAtUtc)
            VALUES ($client, 'u0', 'CheckIn', $due, $due, 'Open', 'Routine check-in', $key, '2026-06-01 00:00:00')
            """, "$client", "$due", "$key");
        for (var i = 1; i <= clients; i++)
        {
            Run(client, i, $"Client {i} Ltd");
            Run(contact, i, $"Contact {i}", $"buyer{i}@client.example");
            Run(followUp, i, Today.AddDays(i % 120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"checkin:{i}");
        }
        tx.Commit();
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
