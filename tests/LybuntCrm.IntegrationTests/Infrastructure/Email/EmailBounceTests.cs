using System.Net;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Infrastructure.Email;

/// <summary>A 5xx answer to a message written to a contact marks that address as bouncing, on a real SMTP server (aiosmtpd).</summary>
public sealed class EmailBounceTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A message a manager wrote to a contact, as the composer queues it.</summary>
    internal static Task<int> QueueToContactAsync(CrmApp app, DateTime now, string managerId, int contactId, string recipient, string? replyTo = null) =>
        app.WithDbAsync(async db =>
        {
            var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == contactId);
            var email = new OutboundEmail
            {
                Recipient = recipient,
                RecipientName = contact.Name,
                // One row per message, as (recipient, kind, date) is unique.
                Kind = "message-" + Guid.NewGuid().ToString("N")[..12],
                ForDate = DateOnly.FromDateTime(now),
                Subject = "How are you?",
                HtmlBody = "<p>Hello</p>",
                TextBody = "Hello",
                MessageId = Outbox.NewMessageId("message", "crm.example.com"),
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
                SentByUserId = managerId,
                ReplyTo = replyTo,
                ClientId = contact.ClientId,
                ContactId = contactId,
            };
            db.OutboundEmails.Add(email);
            await db.SaveChangesAsync();
            return email.Id;
        });

    private static Task<Contact> ContactAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync(c => c.ClientId == clientId));

    private static Dictionary<string, string> ContactForm(Contact contact, string email) => new()
    {
        ["Input.Name"] = contact.Name,
        ["Input.Email"] = email,
        ["Input.IsPrimary"] = "true",
    };

    [Fact]
    public async Task A_refused_address_fails_the_message_at_once_marks_every_contact_with_it_shows_on_the_client_page_and_a_new_address_clears_it()
    {
        using var smtp = SmtpServer.Started();
        smtp.Refuse("lan@hoabinh.example", "550 5.1.1 <lan@hoabinh.example>: Recipient address rejected: User unknown");
        smtp.Refuse("minh@hoabinh.example", "550 5.1.1 No such user");
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddClientAsync(managerId, "Hòa Bình", email: "Lan@HoaBinh.example");
        var sameAddressId = await app.AddClientAsync(managerId, "Lan's own shop", email: "lan@hoabinh.example");
        var minhClientId = await app.AddClientAsync(managerId, "Minh & Co", email: "minh@hoabinh.example");
        var contact = await ContactAsync(app, clientId);
        var rowId = await QueueToContactAsync(app, EightUtc.UtcDateTime, managerId, contact.Id, "lan@hoabinh.example", CrmApp.ManagerEmail);
        // A digest or notice to the same kind of address is no message to a contact: refused, but it marks nobody.
        await app.WithServicesAsync(sp => sp.GetRequiredService<Outbox>().EnqueueAsync(
            [new OutboxMessage("minh@hoabinh.example", null, "notice", app.Today, "Notice", "<p>Hi</p>", "Hi")]));

        await app.RunJobAsync(OutboxSendJob.JobId);

        var rows = await app.OutboxAsync();
        var row = rows.Single(r => r.Id == rowId);
        row.Status.Should().Be(EmailStatus.Failed);
        row.Attempts.Should().Be(1, "a refusal for good is not retried");
        row.LastError.Should().Contain("550").And.Contain("User unknown");
        rows.Single(r => r.Id != rowId).Status.Should().Be(EmailStatus.Failed);
        smtp.Messages().Should().BeEmpty();
        foreach (var id in new[] { clientId, sameAddressId })
        {
            var marked = await ContactAsync(app, id);
            marked.EmailBouncedAtUtc.Should().Be(EightUtc.UtcDateTime, "every contact with the address, in any case, bounces");
            marked.EmailBounceReason.Should().Be("550 5.1.1 <lan@hoabinh.example>: Recipient address rejected: User unknown");
        }
        (await ContactAsync(app, minhClientId)).EmailBouncedAtUtc.Should().BeNull();

        app.Time.Advance(TimeSpan.FromHours(3));
        await app.RunJobAsync(OutboxSendJob.JobId);
        (await app.OutboxAsync()).Single(r => r.Id == rowId).Attempts.Should().Be(1);

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await browser.GetPageAsync($"/Clients/{clientId}");
        var badge = page.Document.QuerySelector("[data-testid=contacts] [data-testid=email-bounced]");
        badge.Should().NotBeNull();
        badge!.TextContent.Should().Contain("Mail to this address bounced on").And.Contain("2026").And.Contain("Recipient address rejected: User unknown");

        // The same address in other letters is still the address that bounced.
        var sameAgain = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contact.Id}", ContactForm(contact, "LAN@hoabinh.example"));
        sameAgain.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", sameAgain.Errors));
        (await ContactAsync(app, clientId)).EmailBouncedAtUtc.Should().NotBeNull();

        var changed = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contact.Id}", ContactForm(contact, "lan.nguyen@hoabinh.example"));
        changed.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", changed.Errors));
        var edited = await ContactAsync(app, clientId);
        edited.Email.Should().Be("lan.nguyen@hoabinh.example");
        edited.EmailBouncedAtUtc.Should().BeNull();
        edited.EmailBounceReason.Should().BeNull();
        (await ContactAsync(app, sameAddressId)).EmailBouncedAtUtc.Should().NotBeNull("that contact still has the address that bounced");
        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=email-bounced]").Should().BeNull();
    }

    [Fact]
    public async Task A_temporary_refusal_is_retried_and_marks_nobody()
    {
        using var smtp = SmtpServer.Started();
        smtp.Refuse("lan@hoabinh.example", "450 4.2.1 Mailbox busy, try later");
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.AddClientAsync(managerId, "Hòa Bình", email: "lan@hoabinh.example");
        var contact = await ContactAsync(app, clientId);
        var rowId = await QueueToContactAsync(app, EightUtc.UtcDateTime, managerId, contact.Id, "lan@hoabinh.example");

        await app.RunJobAsync(OutboxSendJob.JobId);

        var row = (await app.OutboxAsync()).Single(r => r.Id == rowId);
        row.Status.Should().Be(EmailStatus.Pending);
        row.LastError.Should().Contain("450");
        (await ContactAsync(app, clientId)).EmailBouncedAtUtc.Should().BeNull();

        smtp.AcceptAll();
        app.Time.Advance(OutboxQueue.Backoff(1) + TimeSpan.FromSeconds(1));
        await app.RunJobAsync(OutboxSendJob.JobId);
        (await app.OutboxAsync()).Single(r => r.Id == rowId).Status.Should().Be(EmailStatus.Sent);
        smtp.MessagesTo("lan@hoabinh.example").Should().ContainSingle();
        (await ContactAsync(app, clientId)).EmailBouncedAtUtc.Should().BeNull();
    }
}
