using System.Diagnostics;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>A sync cut off half-way (server gone) resumes where it stopped and logs every message once; old mail stays unread.</summary>
public sealed class MailboxSyncFaultTests
{
    private static readonly DateOnly Tuesday = new(2026, 12, 1);
    private static readonly DateTimeOffset LastWeek = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_server_gone_mid_sync_is_reported_and_the_next_sync_resumes_without_duplicates()
    {
        const int Messages = 1_000; // four batches: the server goes away after the first is written
        using var imap = DovecotServer.Started();
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Northwind", 400, email: "ops@northwind.example");
        const string User = "mai@firm.example";
        imap.AddUser(User, Password);
        for (var i = 0; i < Messages; i++)
            imap.Deliver(User, "INBOX", Message("ops@northwind.example", User, $"Order {i}", LastWeek.AddMinutes(i), messageId: $"order-{i}@northwind.example"));
        var mailboxId = await MailboxAsync(app, imap, managerId, User, folders: "INBOX");

        var sync = SyncAsync(app, mailboxId);
        var watch = Stopwatch.StartNew();
        while (!sync.IsCompleted && await ReadUpToAsync(app, mailboxId) == 0 && watch.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(10);
        sync.IsCompleted.Should().BeFalse("the server must go away while the sync is running");
        imap.Stop();
        var cut = await sync;

        cut.Problem.Should().Be(MailboxProblem.Unreachable);
        var logged = (await SyncedTouchesAsync(app, clientId)).Count;
        logged.Should().BeInRange(1, Messages - 1, "the sync stopped half-way");
        (await ReadUpToAsync(app, mailboxId)).Should().Be(logged, "the position read is saved with the touches of its batch");

        imap.Start();
        var resumed = await SyncAsync(app, mailboxId);

        resumed.Problem.Should().Be(MailboxProblem.None);
        resumed.Read.Should().Be(Messages - logged);
        var touches = await SyncedTouchesAsync(app, clientId);
        touches.Should().HaveCount(Messages);
        touches.Select(t => t.MessageKey).Should().OnlyHaveUniqueItems();
        (await HealthAsync(app, mailboxId)).ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public async Task The_first_sync_looks_back_the_configured_number_of_days()
    {
        using var imap = DovecotServer.Started();
        using var app = new CrmApp(Tuesday, new Dictionary<string, string?> { ["Mailboxes:LookbackDays"] = "30" });
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Northwind", 400, email: "ops@northwind.example");
        const string User = "mai@firm.example";
        imap.AddUser(User, Password);
        imap.Deliver(User, "INBOX", Message("ops@northwind.example", User, "Last year", LastWeek.AddDays(-300)));
        ReceivedOn(imap, User, DateTime.UtcNow.AddDays(-300));
        imap.Deliver(User, "INBOX", Message("ops@northwind.example", User, "Last week", LastWeek));
        var mailboxId = await MailboxAsync(app, imap, managerId, User, folders: "INBOX");

        var first = await SyncAsync(app, mailboxId);
        imap.Deliver(User, "INBOX", Message("ops@northwind.example", User, "Today", LastWeek.AddDays(7)));
        var next = await SyncAsync(app, mailboxId);

        first.Read.Should().Be(1);
        next.Read.Should().Be(1, "later syncs read what is new, never the old mail again");
        (await SyncedTouchesAsync(app, clientId)).Select(t => t.Subject).Should().BeEquivalentTo("Last week", "Today");
    }

    /// <summary>Dovecot takes a Maildir message's received date from its file time: the newest message was received then.</summary>
    private static void ReceivedOn(DovecotServer imap, string user, DateTime receivedUtc)
    {
        var newest = new DirectoryInfo(Path.Combine(imap.Directory, "home", user, "Maildir", "new")).GetFiles()
            .OrderByDescending(f => f.Name, StringComparer.Ordinal).First();
        newest.LastWriteTimeUtc = receivedUtc;
    }

    private static Task<long> ReadUpToAsync(CrmApp app, int mailboxId) =>
        app.WithDbAsync(db => db.MailboxFolders.AsNoTracking().Where(f => f.MailboxId == mailboxId).Select(f => f.LastUid).SingleAsync());
}
