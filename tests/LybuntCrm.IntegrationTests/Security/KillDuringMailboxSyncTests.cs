using System.Diagnostics;
using LybuntCrm.IntegrationTests.Features.Mailboxes;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>kill -9 of a mailbox sync half-way: the next sync resumes and every message is one touch.</summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class KillDuringMailboxSyncTests
{
    private const int Messages = 3_000;
    private const string User = "mai@firm.example";

    [SqliteFact]
    public async Task A_killed_sync_leaves_whole_batches_and_the_next_sync_logs_each_message_once()
    {
        var dir = Path.Combine(Path.GetTempPath(), "lybunt-kill", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var imap = DovecotServer.Started();
        try
        {
            imap.AddUser(User, MailboxSyncSeed.Password);
            var sent = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < Messages; i++)
                imap.Deliver(User, "INBOX", MailboxSyncSeed.Message("ops@northwind.example", User, $"Order {i}", sent.AddMinutes(i), messageId: $"o{i}@northwind.example"));
            var settings = new Dictionary<string, string?> { ["App:DataDirectory"] = Path.Combine(dir, "data") };
            int clientId;
            using (var app = new CrmApp(new DateOnly(2026, 12, 1), settings))
            {
                var (_, managerId, _) = await app.EnsureStandardUsersAsync();
                clientId = await TodaySeed.ClientAsync(app, managerId, "Northwind", 400, email: "ops@northwind.example");
                await MailboxSyncSeed.MailboxAsync(app, imap, managerId, User, folders: "INBOX");
            }
            SqliteConnection.ClearAllPools();
            var env = new Dictionary<string, string>
            {
                ["App__DataDirectory"] = Path.Combine(dir, "data"),
                ["Clock__Today"] = "2026-12-01",
                ["Mailboxes__SyncLeaseSeconds"] = "1",
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };

            using (var sync = AppProcess.StartCommand(env, "jobs", "run", "mailbox-sync"))
            {
                var watch = Stopwatch.StartNew();
                while (Touches(dir) == 0 && !sync.HasExited && watch.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(20);
                sync.HasExited.Should().BeFalse("the sync must still be running when it is killed");
                sync.Kill(entireProcessTree: true);
                await sync.WaitForExitAsync();
            }
            var afterKill = Touches(dir);
            afterKill.Should().BeInRange(1, Messages - 1, "the kill came half-way");

            await Task.Delay(TimeSpan.FromSeconds(1.5)); // the killed sync's hold on the mailbox runs out
            (await AppProcess.RunCommandAsync(env, "jobs", "run", "mailbox-sync")).Should().Be(0);

            Touches(dir).Should().Be(Messages);
            Scalar(dir, "SELECT COUNT(DISTINCT MessageKey) FROM Touchpoints WHERE Source = 'Mailbox'").Should().Be(Messages);
            Scalar(dir, $"SELECT COUNT(*) FROM Touchpoints WHERE ClientId = {clientId} AND Source = 'Mailbox'").Should().Be(Messages);
            Scalar(dir, "SELECT ConsecutiveFailures FROM Mailboxes").Should().Be(0);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    private static long Touches(string dir) => Scalar(dir, "SELECT COUNT(*) FROM Touchpoints WHERE Source = 'Mailbox'");

    private static long Scalar(string dir, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "data", "lybunt.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
