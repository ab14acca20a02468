using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Digest;

/// <summary>A mailbox that keeps failing to sync is never silent: after three failures in a row the digest says so.</summary>
public sealed class MailboxAlertDigestTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private static Task<int> MailboxAsync(EmailApp app, string? userId, int failures, MailboxProblem problem) =>
        app.WithDbAsync(async db =>
        {
            var mailbox = new Mailbox
            {
                UserId = userId,
                Host = "imap.example.com",
                Port = 993,
                Security = MailSecurity.SslOnConnect,
                UserName = "someone",
                ProtectedPassword = "protected",
                CreatedAtUtc = EightUtc.UtcDateTime.AddDays(-10),
                ConsecutiveFailures = failures,
                Problem = problem,
            };
            db.Mailboxes.Add(mailbox);
            await db.SaveChangesAsync();
            return mailbox.Id;
        });

    private static Task SetFailuresAsync(EmailApp app, int mailboxId, int failures) =>
        app.WithDbAsync(db => db.Mailboxes.Where(m => m.Id == mailboxId).ExecuteUpdateAsync(s => s.SetProperty(m => m.ConsecutiveFailures, failures)));

    [Fact]
    public async Task Two_failures_say_nothing_and_three_put_a_line_in_the_managers_own_digest()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        var mine = await MailboxAsync(app, an, 2, MailboxProblem.PasswordRefused);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == tom)).ChangeCulture("fa");
            await db.SaveChangesAsync();
        });
        var toms = await MailboxAsync(app, tom, 2, MailboxProblem.Unreachable);

        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().BeEmpty("two failures in a row may be a passing outage");

        await SetFailuresAsync(app, mine, 3);
        await SetFailuresAsync(app, toms, 4);
        await app.RunJobAsync(DailyDigestJob.JobId);

        var rows = await app.OutboxAsync();
        rows.Should().HaveCount(2, "nothing else needs them: the failing mailbox alone is worth the email");
        var digest = rows.Single(r => r.Recipient == CrmApp.ManagerEmail);
        digest.Subject.Should().Contain("mailbox sync failing");
        const string line = "Your mailbox has failed to sync 3 times in a row: the server refused the user name or password.";
        digest.TextBody.Should().Contain(line).And.Contain("/Account/Mailbox").And.NotContain("team mailbox");
        digest.HtmlBody.Should().Contain(System.Net.WebUtility.HtmlEncode(line)).And.MatchRegex("<a href=\"[^\"]*/Account/Mailbox\"");
        var persian = rows.Single(r => r.Recipient == CrmApp.OtherManagerEmail);
        persian.TextBody.Should().Contain("همگام‌سازی صندوق نامهٔ شما ۴ بار پشت سر هم ناموفق بوده است");
        persian.HtmlBody.Should().Contain("/Account/Mailbox");
    }

    [Fact]
    public async Task A_failing_team_mailbox_is_told_to_the_admins_not_to_the_managers()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var team = await MailboxAsync(app, null, 2, MailboxProblem.Unreachable);
        await MailboxAsync(app, an, 0, MailboxProblem.None);

        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().BeEmpty();

        await SetFailuresAsync(app, team, 3);
        await app.RunJobAsync(DailyDigestJob.JobId);

        var digest = (await app.OutboxAsync()).Should().ContainSingle().Subject;
        digest.Recipient.Should().Be(CrmApp.AdminEmail);
        const string line = "The team mailbox has failed to sync 3 times in a row: the server could not be reached.";
        digest.TextBody.Should().Contain(line).And.Contain("/Admin/Mailboxes");
        digest.HtmlBody.Should().Contain(line).And.MatchRegex("<a href=\"[^\"]*/Admin/Mailboxes\"");
    }
}
