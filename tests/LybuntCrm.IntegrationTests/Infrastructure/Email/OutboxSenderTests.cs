using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Infrastructure.Email;

public sealed class OutboxSenderTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private static Task<int> EnqueueAsync(EmailApp app, params OutboxMessage[] messages) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<Outbox>().EnqueueAsync(messages));

    private static OutboxMessage Message(string to, string subject = "Hello", string? name = null) =>
        new(to, name, "notice", Today, subject, "<p>Hello</p>", "Hello");

    [Fact]
    public async Task Mail_waits_while_the_server_is_down_and_is_delivered_once_it_is_back()
    {
        using var smtp = new SmtpServer(); // not started yet
        using var app = new EmailApp(EightUtc, smtp.Settings());
        await EnqueueAsync(app, Message("an@example.com"), Message("tom@example.com"));

        await app.RunJobAsync(OutboxSendJob.JobId);
        var rows = await app.OutboxAsync();
        rows.Should().OnlyContain(r => r.Status == EmailStatus.Pending && r.Attempts == 1 && r.DeliveryCount == 0);
        rows.Should().OnlyContain(r => r.LastError!.Contains($"127.0.0.1:{smtp.Port}"));
        rows.Should().OnlyContain(r => r.NextAttemptAtUtc > EightUtc.UtcDateTime, "it backs off before the next try");

        smtp.Start();
        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.Messages().Should().BeEmpty("the retry is not due yet");

        app.Time.Advance(OutboxQueue.Backoff(1) + TimeSpan.FromSeconds(1));
        await app.RunJobAsync(OutboxSendJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.MessagesTo("an@example.com").Should().ContainSingle();
        smtp.MessagesTo("tom@example.com").Should().ContainSingle();
        (await app.OutboxAsync()).Should().OnlyContain(r => r.Status == EmailStatus.Sent && r.Attempts == 2 && r.DeliveryCount == 1);
    }

    [Fact]
    public async Task A_refused_recipient_fails_with_the_server_answer_and_the_others_are_delivered()
    {
        using var smtp = SmtpServer.Started();
        smtp.Refuse("gone@example.com", "550 5.1.1 No such user here");
        smtp.Refuse("full@example.com", "452 4.2.2 Mailbox full, try later");
        using var app = new EmailApp(EightUtc, smtp.Settings());
        await EnqueueAsync(app, Message("an@example.com"), Message("gone@example.com"), Message("full@example.com"), Message("tom@example.com"));

        await app.RunJobAsync(OutboxSendJob.JobId);

        var rows = (await app.OutboxAsync()).ToDictionary(r => r.Recipient);
        rows["gone@example.com"].Status.Should().Be(EmailStatus.Failed);
        rows["gone@example.com"].LastError.Should().Contain("550").And.Contain("No such user here");
        rows["full@example.com"].Status.Should().Be(EmailStatus.Pending, "4xx is temporary");
        rows["full@example.com"].LastError.Should().Contain("452").And.Contain("Mailbox full");
        rows["full@example.com"].NextAttemptAtUtc.Should().BeAfter(EightUtc.UtcDateTime);
        rows["an@example.com"].Status.Should().Be(EmailStatus.Sent);
        rows["tom@example.com"].Status.Should().Be(EmailStatus.Sent);
        smtp.Messages().Should().HaveCount(2);

        smtp.AcceptAll();
        app.Time.Advance(TimeSpan.FromHours(3));
        await app.RunJobAsync(OutboxSendJob.JobId);
        (await app.OutboxAsync()).Single(r => r.Recipient == "full@example.com").Status.Should().Be(EmailStatus.Sent);
        (await app.OutboxAsync()).Single(r => r.Recipient == "gone@example.com").Status.Should().Be(EmailStatus.Failed, "a refused message waits for an admin");
        smtp.MessagesTo("an@example.com").Should().ContainSingle();
    }

    [Fact]
    public async Task A_send_interrupted_after_claiming_is_taken_back_and_recorded_as_a_possible_duplicate()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        await EnqueueAsync(app, Message("an@example.com"), Message("tom@example.com"));
        // One sender claimed both and stopped: one long ago, one a minute ago (still being worked on).
        await app.WithDbAsync(db => db.OutboundEmails.ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, EmailStatus.Sending).SetProperty(e => e.ClaimedBy, "crashed")
            .SetProperty(e => e.Attempts, 1)
            .SetProperty(e => e.ClaimedAtUtc, e => e.Recipient == "an@example.com" ? EightUtc.UtcDateTime.AddMinutes(-11) : EightUtc.UtcDateTime.AddMinutes(-1))));

        await app.RunJobAsync(OutboxSendJob.JobId);

        var rows = (await app.OutboxAsync()).ToDictionary(r => r.Recipient);
        rows["an@example.com"].Status.Should().Be(EmailStatus.Sent);
        rows["an@example.com"].DeliveryCount.Should().Be(2, "the interrupted send may have reached the server");
        rows["an@example.com"].LastError.Should().Contain("twice");
        rows["tom@example.com"].Status.Should().Be(EmailStatus.Sending, "a fresh claim belongs to the sender that holds it");
        smtp.Messages().Should().ContainSingle();

        app.Time.Advance(TimeSpan.FromMinutes(10));
        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.MessagesTo("tom@example.com").Should().ContainSingle();
    }

    [Fact]
    public async Task Line_breaks_in_addresses_names_and_subjects_cannot_add_headers()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());

        var written = await EnqueueAsync(app,
            Message("victim@example.com\r\nBcc: evil@example.com"),
            Message("victim@example.com\nX-Injected: 1"),
            Message("a@example.com, evil@example.com"),
            Message("An <evil@example.com>"),
            Message("an@example.com", subject: "Hello\r\nBcc: evil@example.com", name: "An\r\nBcc: evil@example.com\u0000"));
        written.Should().Be(1, "only the plain address is accepted");

        // A row that slipped past the writer (e.g. edited in the database) is refused again at sending.
        await app.WithDbAsync(async db =>
        {
            db.OutboundEmails.Add(new OutboundEmail
            {
                Recipient = "x@example.com\r\nBcc: evil@example.com",
                Kind = "notice",
                ForDate = Today.AddDays(1),
                Subject = "Hi\r\nBcc: evil@example.com",
                TextBody = "x",
                MessageId = "raw-1@example.com",
                CreatedAtUtc = EightUtc.UtcDateTime,
                NextAttemptAtUtc = EightUtc.UtcDateTime,
            });
            await db.SaveChangesAsync();
        });

        await app.RunJobAsync(OutboxSendJob.JobId);

        var received = smtp.Messages().Should().ContainSingle().Subject;
        received.EnvelopeTo.Should().Equal("an@example.com");
        received.Message.Bcc.Count.Should().Be(0);
        received.Message.Headers.Contains("X-Injected").Should().BeFalse();
        received.Message.Subject.Should().Be("Hello Bcc: evil@example.com");
        received.Message.To.Mailboxes.Single().Name.Should().Be("An Bcc: evil@example.com");
        received.Raw.Should().NotContain("\r\nBcc:");
        var raw = (await app.OutboxAsync()).Single(r => r.MessageId == "raw-1@example.com");
        raw.Status.Should().Be(EmailStatus.Failed);
        raw.LastError.Should().Contain("not a valid email address");
    }

    [Fact]
    public async Task Without_an_SMTP_host_mail_is_written_as_eml_files_through_the_outbox()
    {
        using var app = new EmailApp(EightUtc);
        await EnqueueAsync(app, Message("an@example.com", subject: "Files work"));

        await app.RunJobAsync(OutboxSendJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var row = (await app.OutboxAsync()).Single();
        row.Status.Should().Be(EmailStatus.Sent);
        var files = Directory.GetFiles(Path.Combine(app.DataDirectory, "mail"), "*.eml");
        files.Should().ContainSingle();
        var message = await MimeKit.MimeMessage.LoadAsync(files[0]);
        message.Subject.Should().Be("Files work");
        message.MessageId.Should().Be(row.MessageId);
    }
}
