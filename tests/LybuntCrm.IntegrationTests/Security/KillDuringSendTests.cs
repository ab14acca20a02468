using System.Diagnostics;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// kill -9 of the outbox sender after the SMTP server accepted a digest and before the outbox row was marked sent.
/// The window is made deterministic without any hook in the app: the SMTP server (aiosmtpd) stores the message and holds
/// back its "250" reply; the test then takes the write lock on the outbox row and releases the reply, so the sender is
/// told "accepted" but cannot record it; the test kills the process there.
/// </summary>
[Collection(SeparateProcesses.Name)]
[Trait(SeparateProcesses.Trait, SeparateProcesses.Name)]
public sealed class KillDuringSendTests
{
    [Fact]
    public async Task A_sender_killed_between_acceptance_and_mark_sent_delivers_the_digest_at_most_twice_and_records_it()
    {
        using var smtp = SmtpServer.Started();
        using var env = new ProcessEnvironment(smtp.Settings());
        (await AppProcess.RunCommandAsync(env.Variables, "users", "add", "--email", CrmApp.ManagerEmail, "--password", CrmApp.Password,
            "--role", Roles.AccountManager, "--name", "An Nguyen")).Should().Be(0);
        await ArrangeFollowUpForTodayAsync(env);
        (await AppProcess.RunCommandAsync(env.Variables, "jobs", "run", DailyDigestJob.JobId)).Should().Be(0);
        var digest = (await OutboxAsync(env)).Should().ContainSingle().Subject;
        digest.Status.Should().Be(EmailStatus.Pending);

        smtp.HoldReplies();
        using (var sender = AppProcess.StartCommand(env.Variables, "jobs", "run", OutboxSendJob.JobId))
        {
            await WaitForAsync(() => smtp.Messages().Count == 1, sender, "the server stores the message");
            await using var db = env.Db();
            await using (var rowLock = await db.Database.BeginTransactionAsync())
            {
                await db.OutboundEmails.Where(e => e.Id == digest.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.Attempts, e => e.Attempts));
                smtp.ReleaseReplies();
                await WaitForAsync(() => smtp.Replies == 1, sender, "the server answers 250");
                await Task.Delay(TimeSpan.FromSeconds(1)); // the sender reads the 250 and waits for the row
                sender.HasExited.Should().BeFalse("the sender must still be waiting to mark the message sent");
                sender.Kill(entireProcessTree: true);
                await sender.WaitForExitAsync();
                // PostgreSQL would still run an UPDATE that reached it before the kill once the lock is gone; end that
                // server session too, so the kill counts as landing before the mark-sent reached the database.
                if (db.IsPostgres)
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
                await rowLock.RollbackAsync();
            }
        }
        var interrupted = (await OutboxAsync(env)).Single();
        interrupted.Status.Should().Be(EmailStatus.Sending, "the kill came before mark-sent");
        interrupted.DeliveryCount.Should().Be(0);
        smtp.MessagesTo(CrmApp.ManagerEmail).Should().HaveCount(1);

        // Ten minutes later (the claim is aged rather than waited for) the restarted app's outbox-send takes the
        // abandoned message back and sends it again; a further run sends nothing more.
        await using (var db = env.Db())
            await db.OutboundEmails.ExecuteUpdateAsync(s => s.SetProperty(e => e.ClaimedAtUtc, e => e.ClaimedAtUtc!.Value.AddMinutes(-11)));
        (await AppProcess.RunCommandAsync(env.Variables, "jobs", "run", OutboxSendJob.JobId)).Should().Be(0);
        (await AppProcess.RunCommandAsync(env.Variables, "jobs", "run", OutboxSendJob.JobId)).Should().Be(0);

        var final = (await OutboxAsync(env)).Single();
        final.Status.Should().Be(EmailStatus.Sent, "no digest is lost");
        final.DeliveryCount.Should().Be(2, "the possible duplicate is counted");
        final.LastError.Should().Contain("may receive this message twice");
        var received = smtp.MessagesTo(CrmApp.ManagerEmail);
        received.Count.Should().BeInRange(1, 2);
        received.Select(m => m.Message.MessageId).Distinct().Should().ContainSingle("both copies carry the Message-ID fixed in the outbox")
            .Which.Should().Be(final.MessageId);
    }

    private static async Task ArrangeFollowUpForTodayAsync(ProcessEnvironment env)
    {
        await using var db = env.Db();
        var manager = await db.Users.SingleAsync(u => u.Email == CrmApp.ManagerEmail);
        manager.DigestHour = 0;
        var today = new DateOnly(2026, 6, 15);
        var client = new Client { Name = "Acme Florists", OwnerId = manager.Id, CreatedOn = today, CreatedAtUtc = DateTime.UtcNow };
        db.Clients.Add(client);
        db.FollowUps.Add(new FollowUp
        {
            Client = client,
            AssigneeId = manager.Id,
            Kind = FollowUpKind.CheckIn,
            PlannedOn = today,
            DueOn = today,
            Reason = "Quarterly check-in",
            SourceKey = "test:kill-during-send",
            CreatedAtUtc = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private static async Task<List<OutboundEmail>> OutboxAsync(ProcessEnvironment env)
    {
        await using var db = env.Db();
        return await db.OutboundEmails.AsNoTracking().ToListAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition, Process sender, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            sender.HasExited.Should().BeFalse($"the sender ended before {what}");
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), $"waiting until {what}");
            await Task.Delay(50);
        }
    }
}
