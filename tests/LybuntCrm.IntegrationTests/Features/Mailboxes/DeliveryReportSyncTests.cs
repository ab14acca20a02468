using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>Delivery reports read from a real IMAP server (dovecot): bounces marked, never a touch, a bad one skipped.</summary>
public sealed class DeliveryReportSyncTests(SharedDovecotServer fixture) : IClassFixture<SharedDovecotServer>
{
    private static readonly DateTimeOffset TuesdayNine = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ReportDate = new(2026, 11, 30, 10, 0, 0, TimeSpan.FromHours(7));

    private DovecotServer Imap => fixture.Server;

    private string NewImapUser()
    {
        var user = "d" + Guid.NewGuid().ToString("N")[..10] + "@firm.example";
        Imap.AddUser(user, Password);
        return user;
    }

    /// <summary>
    /// A report as Postfix writes it: a text part, the status part, and the returned message's headers. Without
    /// Auto-Submitted (as many servers send them), so only knowing it for a report keeps it from being a touch.
    /// </summary>
    private static byte[] Report(string from, string finalRecipient, string action, string status, string diagnostic, string? originalMessageId) =>
        Raw($"""
            From: Mail Delivery System <{from}>
            To: crm@example.com
            Subject: Undelivered Mail Returned to Sender
            Date: {ReportDate:ddd, dd MMM yyyy HH:mm:ss} +0700
            Message-ID: <{Guid.NewGuid():N}@mx.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

            --B1
            Content-Type: text/plain; charset=us-ascii

            I'm sorry to have to inform you that your message could not be delivered.

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example
            Arrival-Date: {ReportDate:ddd, dd MMM yyyy HH:mm:ss} +0700

            Final-Recipient: rfc822; {finalRecipient}
            Action: {action}
            Status: {status}
            Diagnostic-Code: smtp; {diagnostic}

            --B1
            Content-Type: text/rfc822-headers

            From: LybuntCrm <crm@example.com>
            To: {finalRecipient}
            Subject: How are you?
            {(originalMessageId is null ? "" : $"Message-ID: <{originalMessageId}>")}

            --B1--

            """);

    [Fact]
    public async Task A_report_in_the_team_mailbox_marks_every_contact_with_the_address_fails_the_message_and_is_no_touch()
    {
        using var app = new EmailApp(TuesdayNine);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var domain = EmailAddresses.NormalizeDomain("công-ty.example")!;
        // The contact typed the domain in Unicode; the report names it in ASCII, in capitals; the client has that domain.
        var clientId = await app.AddClientAsync(managerId, "Công ty Hòa Bình", email: "Lan@công-ty.example", configure: c => c.EmailDomain = domain);
        var otherId = await app.AddClientAsync(managerId, "Lan's shop", email: "lan@" + domain);
        var minhId = await app.AddClientAsync(managerId, "Minh & Co", email: "minh@minh.example");
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());
        var rowId = await LybuntCrm.IntegrationTests.Infrastructure.Email.EmailBounceTests.QueueToContactAsync(app, TuesdayNine.UtcDateTime.AddDays(-2), managerId, contactId,
            "lan@" + domain);
        var messageId = await app.WithDbAsync(async db =>
        {
            await db.OutboundEmails.Where(e => e.Id == rowId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Sent));
            return await db.OutboundEmails.Where(e => e.Id == rowId).Select(e => e.MessageId).SingleAsync();
        });
        var team = NewImapUser();
        Imap.Deliver(team, "INBOX", Report("MAILER-DAEMON@" + domain, "LAN@" + domain.ToUpperInvariant(), "failed", "5.1.1",
            $"550 5.1.1 <lan@{domain}>: Recipient address rejected: User unknown", messageId));
        Imap.Deliver(team, "INBOX", Report("MAILER-DAEMON@minh.example", "minh@minh.example", "delayed", "4.2.2", "452 4.2.2 Mailbox full", null));
        var mailboxId = await MailboxAsync(app, Imap, null, team, folders: "INBOX");

        var result = await SyncAsync(app, mailboxId);

        result.Problem.Should().Be(MailboxProblem.None);
        result.Logged.Should().Be(0);
        (await SyncedTouchesAsync(app)).Should().BeEmpty("a delivery report is about our mail, not a word from the client");
        var contacts = await app.WithDbAsync(db => db.Contacts.AsNoTracking().ToDictionaryAsync(c => c.ClientId));
        foreach (var id in new[] { clientId, otherId })
        {
            contacts[id].EmailBouncedAtUtc.Should().Be(ReportDate.UtcDateTime, "the day the report was written");
            contacts[id].EmailBounceReason.Should().Be($"550 5.1.1 <lan@{domain}>: Recipient address rejected: User unknown");
        }
        contacts[minhId].EmailBouncedAtUtc.Should().BeNull("a delay is not a bounce");
        var row = (await app.OutboxAsync()).Single(r => r.Id == rowId);
        row.Status.Should().Be(EmailStatus.Failed);
        row.LastError.Should().Contain("bounced").And.Contain("User unknown");

        // Read again from the start (the server renumbered the folder): nothing changes and still no touch.
        Imap.ResetUidValidity(team, "INBOX");
        (await SyncAsync(app, mailboxId)).Problem.Should().Be(MailboxProblem.None);
        (await SyncedTouchesAsync(app)).Should().BeEmpty();
        (await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.ClientId == clientId))).EmailBouncedAtUtc
            .Should().Be(ReportDate.UtcDateTime);
    }

    [Fact]
    public async Task A_malformed_report_is_skipped_and_the_rest_of_the_folder_is_synced()
    {
        using var app = new EmailApp(TuesdayNine);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddClientAsync(managerId, "Hòa Bình", email: "lan@hoabinh.example");
        var team = NewImapUser();
        // A report without its parts, one whose status part is noise, one whose recipient is no address.
        Imap.Deliver(team, "INBOX", Raw("""
            From: MAILER-DAEMON@hoabinh.example
            To: crm@example.com
            Subject: Undeliverable
            Date: Mon, 30 Nov 2026 10:00:00 +0700
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="never-used"

            Nothing here is in parts.
            """));
        Imap.Deliver(team, "INBOX", Raw("""
            From: MAILER-DAEMON@hoabinh.example
            To: crm@example.com
            Subject: Undeliverable
            Date: Mon, 30 Nov 2026 10:00:00 +0700
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B"

            --B
            Content-Type: message/delivery-status
            Content-Transfer-Encoding: base64

            !!!! not base64 at all \u0001 ::::
            --B--
            """));
        Imap.Deliver(team, "INBOX", Report("MAILER-DAEMON@hoabinh.example", "undisclosed recipients", "failed", "5.1.1", "550 no", null));
        Imap.Deliver(team, "INBOX", Message("Lan <lan@hoabinh.example>", CrmApp.ManagerEmail, "Thanks!", ReportDate, "Thank you for the visit."));
        var mailboxId = await MailboxAsync(app, Imap, null, team, folders: "INBOX");

        var result = await SyncAsync(app, mailboxId);

        result.Problem.Should().Be(MailboxProblem.None);
        result.Read.Should().Be(4);
        (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Which.Subject.Should().Be("Thanks!");
        (await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.ClientId == clientId))).EmailBouncedAtUtc.Should().BeNull();
    }
}
