using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Infrastructure.Email;

/// <summary>
/// A manager whose mailbox has an outgoing server sends what they write through it, signed in as their mailbox, From their
/// address; everyone else's goes through the app's server with their Reply-To. Two real SMTP servers (aiosmtpd).
/// </summary>
public sealed class OwnOutgoingServerTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);
    private const string MailboxUser = "an.nguyen@firm.example";
    private const string MailboxPassword = "mailbox-secret-2231";

    private static Task SetOwnServerAsync(CrmApp app, string userId, SmtpServer server) =>
        app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>();
            db.Mailboxes.Add(new Mailbox
            {
                UserId = userId,
                Host = "127.0.0.1",
                Port = 1,
                Security = MailSecurity.None,
                UserName = MailboxUser,
                ProtectedPassword = sp.GetRequiredService<MailboxPasswords>().Protect(MailboxPassword),
                CreatedAtUtc = EightUtc.UtcDateTime,
                SmtpHost = "127.0.0.1",
                SmtpPort = server.Port,
                SmtpSecurity = MailSecurity.None,
            });
            return await db.SaveChangesAsync();
        });

    private static Task<int> ContactIdAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());

    [Fact]
    public async Task A_managers_message_leaves_through_their_own_server_from_their_address_and_the_others_through_the_apps()
    {
        using var appServer = SmtpServer.Started();
        using var own = SmtpServer.StartedWithLogin(MailboxUser, MailboxPassword);
        using var app = new EmailApp(EightUtc, appServer.Settings());
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        await SetOwnServerAsync(app, managerId, own);
        var lan = await ContactIdAsync(app, await app.AddClientAsync(managerId, "Hòa Bình", email: "lan@hoabinh.example"));
        var minh = await ContactIdAsync(app, await app.AddClientAsync(otherId, "Minh & Co", email: "minh@minh.example"));
        var now = EightUtc.UtcDateTime;
        var mine = await EmailBounceTests.QueueToContactAsync(app, now, managerId, lan, "lan@hoabinh.example", CrmApp.ManagerEmail);
        var theirs = await EmailBounceTests.QueueToContactAsync(app, now, otherId, minh, "minh@minh.example", CrmApp.OtherManagerEmail);
        await app.WithServicesAsync(sp => sp.GetRequiredService<Outbox>().EnqueueAsync(
            [new OutboxMessage("an@example.com", null, "notice", app.Today, "Notice", "<p>Hi</p>", "Hi")]));

        await app.RunJobAsync(OutboxSendJob.JobId);

        (await app.OutboxAsync()).Should().OnlyContain(r => r.Status == EmailStatus.Sent);
        var viaOwn = own.Messages().Should().ContainSingle().Subject;
        viaOwn.EnvelopeTo.Should().Equal("lan@hoabinh.example");
        viaOwn.SignedInAs.Should().Be(MailboxUser, "the manager's server is signed in to as their mailbox");
        viaOwn.Message.From.Mailboxes.Single().Address.Should().Be(MailboxUser);
        viaOwn.Message.ReplyTo.Count.Should().Be(0, "replies go to the sender anyway");
        viaOwn.Message.Headers.Contains("Auto-Submitted").Should().BeFalse("a person wrote it");

        appServer.Messages().Should().HaveCount(2);
        var viaApp = appServer.MessagesTo("minh@minh.example").Should().ContainSingle().Subject;
        viaApp.Message.From.Mailboxes.Single().Address.Should().Be("crm@example.com");
        viaApp.Message.ReplyTo.Mailboxes.Select(m => m.Address).Should().Equal(CrmApp.OtherManagerEmail);
        viaApp.Message.Headers.Contains("Auto-Submitted").Should().BeFalse();
        appServer.MessagesTo("an@example.com").Single().Message.Headers["Auto-Submitted"].Should().Be("auto-generated");
        (await app.OutboxAsync()).Select(r => r.Id).Should().Contain([mine, theirs]);

        // The manager's server down holds back only their messages; the app's server keeps sending.
        own.Stop();
        var mineLater = await EmailBounceTests.QueueToContactAsync(app, now, managerId, lan, "lan@hoabinh.example", CrmApp.ManagerEmail);
        var theirsLater = await EmailBounceTests.QueueToContactAsync(app, now, otherId, minh, "minh@minh.example", CrmApp.OtherManagerEmail);
        await app.RunJobAsync(OutboxSendJob.JobId);
        var rows = (await app.OutboxAsync()).ToDictionary(r => r.Id);
        rows[mineLater].Status.Should().Be(EmailStatus.Pending);
        rows[mineLater].LastError.Should().Contain($"127.0.0.1:{own.Port}");
        rows[theirsLater].Status.Should().Be(EmailStatus.Sent);
    }

    [Fact]
    public async Task A_wrong_password_on_the_managers_server_is_retried_not_sent_elsewhere()
    {
        using var appServer = SmtpServer.Started();
        using var own = SmtpServer.StartedWithLogin(MailboxUser, "a-password-changed-since");
        using var app = new EmailApp(EightUtc, appServer.Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await SetOwnServerAsync(app, managerId, own);
        var lan = await ContactIdAsync(app, await app.AddClientAsync(managerId, "Hòa Bình", email: "lan@hoabinh.example"));
        var id = await EmailBounceTests.QueueToContactAsync(app, EightUtc.UtcDateTime, managerId, lan, "lan@hoabinh.example", CrmApp.ManagerEmail);

        await app.RunJobAsync(OutboxSendJob.JobId);

        var row = (await app.OutboxAsync()).Single(r => r.Id == id);
        row.Status.Should().Be(EmailStatus.Pending);
        row.LastError.Should().Contain("Could not connect").And.NotContain(MailboxPassword);
        own.Messages().Should().BeEmpty();
        appServer.Messages().Should().BeEmpty("a message meant to leave from the manager's address is not sent from another");
    }
}
