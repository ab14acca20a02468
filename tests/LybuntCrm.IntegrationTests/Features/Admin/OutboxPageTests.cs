using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Admin;

public sealed class OutboxPageTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_admins_see_the_outbox()
    {
        using var app = new EmailApp(EightUtc);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await manager.GetAsync("/Admin/Outbox")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await manager.PostAsync("/Admin/Outbox?handler=SendNow", new Dictionary<string, string>(), null)).StatusCode
            .Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.BadRequest);

        using var anonymous = app.NewBrowser();
        (await anonymous.GetAsync("/Admin/Outbox")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Outbox");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Text.Should().Contain("No messages");
    }

    [Fact]
    public async Task Admin_sends_a_test_email_sees_a_failure_with_its_reason_and_resends_it()
    {
        using var smtp = SmtpServer.Started();
        smtp.Refuse("nobody@example.com", "550 5.1.1 No such user");
        using var app = new EmailApp(EightUtc, smtp.Settings());
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var invalid = await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string> { ["Test.Recipient"] = "not an address\r\nBcc: x@example.com" }, "/Admin/Outbox?handler=Test");
        invalid.StatusCode.Should().Be(HttpStatusCode.OK);
        invalid.Errors.Should().Contain("Enter one email address, like name@example.com.");

        foreach (var to in new[] { "nobody@example.com", CrmApp.ManagerEmail })
        {
            var queued = await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string> { ["Test.Recipient"] = to }, "/Admin/Outbox?handler=Test");
            queued.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", queued.Errors));
        }
        (await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string>(), "/Admin/Outbox?handler=SendNow")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        smtp.MessagesTo(CrmApp.ManagerEmail).Should().ContainSingle().Which.Message.Subject.Should().Be("LybuntCrm test email");
        var page = await admin.GetPageAsync("/Admin/Outbox");
        var failedRow = page.Document.QuerySelectorAll("table[data-testid=outbox] tbody tr").Single(r => r.TextContent.Contains("nobody@example.com"));
        failedRow.TextContent.Should().Contain("Failed").And.Contain("The mail server answered 550: 5.1.1 No such user");
        var id = failedRow.GetAttribute("data-id")!;

        // The error reads in the admin's language; the server's own words stay as the server wrote them.
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.AdminEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi")));
        using (var vietnamese = await app.SignedInAsync(CrmApp.AdminEmail))
        {
            var vi = await vietnamese.GetPageAsync("/Admin/Outbox");
            vi.Document.QuerySelector($"tr[data-id='{id}'] .outbox-error")!.TextContent.Trim()
                .Should().Be("Máy chủ thư trả lời 550: 5.1.1 No such user");
        }
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.AdminEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en")));

        smtp.AcceptAll();
        (await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string>(), $"/Admin/Outbox?handler=Resend&id={id}")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var row = await app.WithDbAsync(db => db.OutboundEmails.SingleAsync(e => e.Id == int.Parse(id)));
        row.Status.Should().Be(EmailStatus.Pending);
        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.MessagesTo("nobody@example.com").Should().ContainSingle();
        (await app.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "email.resend"))).Should().BeTrue();

        var sentOnly = await admin.GetPageAsync("/Admin/Outbox?Status=Sent");
        sentOnly.Document.QuerySelectorAll("table[data-testid=outbox] tbody tr").Should().HaveCount(2);

        // Another test the same day re-queues that day's test message instead of being refused by the unique index.
        await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string> { ["Test.Recipient"] = CrmApp.ManagerEmail }, "/Admin/Outbox?handler=Test");
        await app.RunJobAsync(OutboxSendJob.JobId);
        var tests = smtp.MessagesTo(CrmApp.ManagerEmail);
        tests.Should().HaveCount(2);
        tests[0].Message.MessageId.Should().NotBe(tests[1].Message.MessageId);
    }

    [Fact]
    public async Task Admin_turns_on_all_clear_emails()
    {
        using var app = new EmailApp(EightUtc);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        await admin.PostFormAsync("/Admin/Outbox", new Dictionary<string, string> { ["enabled"] = "true" }, "/Admin/Outbox?handler=AllClear");

        await app.RunJobAsync(DailyDigestJob.JobId);

        (await app.OutboxAsync()).Should().HaveCount(2).And.OnlyContain(e => e.Subject.StartsWith("All clear"));
    }
}
