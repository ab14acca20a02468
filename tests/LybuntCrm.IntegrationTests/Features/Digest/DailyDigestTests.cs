using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Digest;

public sealed class DailyDigestTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Digest_arrives_with_the_managers_clients_for_the_pinned_day()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, an, tom) = await app.EnsureStandardUsersAsync();

        var bakery = await app.AddClientAsync(an, "Hanoi Bakery", Channel.Phone, phone: "+84 24 3826 0000");
        var acme = await app.AddClientAsync(an, "Acme <b>Tools</b> & Co", Channel.Email, email: "buyer@acme.example");
        var later = await app.AddClientAsync(an, "Tomorrow Traders");
        var birthday = await app.AddClientAsync(an, "Birthday Books");
        var lost = await app.AddClientAsync(an, "Quiet Quarry", configure: c =>
        {
            c.RetentionFlag = RetentionFlag.Lybunt; c.LastYearTotal = 12345m; c.FirstFlaggedOn = Today; c.FlaggedFiscalYear = 2026;
        });
        var oldFlag = await app.AddClientAsync(an, "Long Gone Ltd", configure: c =>
        {
            c.RetentionFlag = RetentionFlag.Lybunt; c.LastYearTotal = 999m; c.FirstFlaggedOn = Today.AddDays(-40);
        });
        var prospect = await app.AddClientAsync(an, "Maybe Media", configure: c => c.Status = ClientStatus.Prospect);
        var tomsClient = await app.AddClientAsync(tom, "Tom's Timber");

        await app.AddFollowUpAsync(bakery, an, FollowUpKind.CheckIn, Today, Today, "Four months since the last order");
        await app.AddFollowUpAsync(acme, an, FollowUpKind.WinBack, Today, Today.AddDays(-3), "Bought 8,000 last year, nothing yet");
        await app.AddFollowUpAsync(later, an, FollowUpKind.CheckIn, Today.AddDays(1), Today.AddDays(1), "Planned for tomorrow");
        await app.AddFollowUpAsync(birthday, an, FollowUpKind.Occasion, Today.AddDays(3), Today.AddDays(3), "Owner's birthday on 25 June");
        await app.AddFollowUpAsync(prospect, an, FollowUpKind.ProspectReview, Today.AddDays(2), Today.AddDays(-1), "Proposal sent, silent for 21 days");
        await app.AddFollowUpAsync(tomsClient, tom, FollowUpKind.CheckIn, Today, Today, "Tom's check-in");
        await app.WithDbAsync(async db =>
        {
            db.Handoffs.Add(new Handoff { ClientId = lost, FromUserId = tom, ToUserId = an, Note = "Prefers calls after 3pm", CreatedAtUtc = EightUtc.UtcDateTime.AddDays(-1) });
            await db.SaveChangesAsync();
        });

        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var mail = smtp.MessagesTo(CrmApp.ManagerEmail).Should().ContainSingle().Subject;
        mail.Message.Subject.Should().Contain("2 follow-ups").And.Contain("overdue");
        mail.Message.From.Mailboxes.Single().Address.Should().Be("crm@example.com");
        mail.Text.Should().Contain("Hanoi Bakery").And.Contain("024 3826 0000").And.Contain("Four months since the last order")
            .And.Contain("buyer@acme.example").And.Contain("Owner's birthday on 25 June").And.Contain("Quiet Quarry")
            .And.Contain("Maybe Media").And.Contain("Prefers calls after 3pm").And.Contain("2 follow-ups are overdue")
            .And.Contain($"https://crm.example.com/Clients/{bakery}");
        mail.Text.Should().NotContain("Tomorrow Traders").And.NotContain("Tom's Timber").And.NotContain("Long Gone Ltd");
        mail.Html.Should().Contain("Acme &lt;b&gt;Tools&lt;/b&gt; &amp; Co").And.NotContain("<b>Tools</b>")
            .And.Contain("tel:+842438260000").And.Contain("12,345");

        var tomsMail = smtp.MessagesTo(CrmApp.OtherManagerEmail).Should().ContainSingle().Subject;
        tomsMail.Text.Should().Contain("Tom's Timber").And.NotContain("Hanoi Bakery");
        smtp.Messages().Should().HaveCount(2, "the admin is not an account manager");

        var rows = await app.OutboxAsync();
        rows.Should().OnlyContain(r => r.Status == EmailStatus.Sent && r.ForDate == Today && r.DeliveryCount == 1);
        rows.Select(r => mail.Message.MessageId == r.MessageId).Should().Contain(true, "the Message-ID is the one written with the outbox row");
    }

    [Fact]
    public async Task A_follow_up_about_one_contact_shows_that_contact_not_the_primary_one()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var client = await app.AddClientAsync(an, "Saigon Print House", Channel.Email, email: "office@saigonprint.example");
        await app.WithDbAsync(async db =>
        {
            var linh = new Contact { ClientId = client, Name = "Trần Thị Linh", Phone = "+84 28 3822 1111", PreferredChannel = Channel.Phone };
            db.Contacts.Add(linh);
            await db.SaveChangesAsync();
            db.FollowUps.Add(new FollowUp
            {
                ClientId = client,
                ContactId = linh.Id,
                AssigneeId = an,
                Kind = FollowUpKind.Occasion,
                PlannedOn = Today,
                DueOn = Today,
                Reason = "Linh's birthday",
                SourceKey = "test:linh-birthday",
                CreatedAtUtc = EightUtc.UtcDateTime,
            });
            await db.SaveChangesAsync();
        });

        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var mail = smtp.MessagesTo(CrmApp.ManagerEmail).Should().ContainSingle().Subject;
        mail.Text.Should().Contain("Trần Thị Linh").And.Contain("028 3822 1111", "a Vietnamese number reads nationally for a firm in Vietnam").And.NotContain("office@saigonprint.example");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var today = await browser.GetPageAsync("/Today");
        today.Document.Body!.TextContent.Should().Contain("Trần Thị Linh").And.NotContain("office@saigonprint.example",
            "the page and the email name the same person");
    }

    [Fact]
    public async Task Lists_longer_than_the_email_shows_give_the_full_count_and_say_how_many_more()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, an, tom) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < DigestBuilder.ListCap + 5; i++)
            {
                var client = new Client { Name = $"Handed {i:D2}", OwnerId = an, SearchText = $"handed {i:D2}" };
                db.Clients.Add(client);
                db.Handoffs.Add(new Handoff { Client = client, FromUserId = tom, ToUserId = an, Note = "Over to you", CreatedAtUtc = EightUtc.UtcDateTime.AddDays(-1) });
            }
            await db.SaveChangesAsync();
        });

        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var mail = smtp.MessagesTo(CrmApp.ManagerEmail).Should().ContainSingle().Subject;
        var total = DigestBuilder.ListCap + 5;
        mail.Message.Subject.Should().Contain($"{total} hand-offs");
        mail.Text.Should().Contain($"Hand-offs waiting for you ({total})").And.Contain("and 5 more");
        mail.Html.Should().Contain($"Hand-offs waiting for you ({total})").And.Contain("and 5 more");
    }

    [Fact]
    public async Task Running_the_digest_twice_or_on_two_servers_sends_one_mail()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var client = await app.AddClientAsync(an, "Hanoi Bakery");
        await app.AddFollowUpAsync(client, an, FollowUpKind.CheckIn, Today, Today, "Check in");

        await Task.WhenAll(app.RunJobAsync(DailyDigestJob.JobId), app.RunJobAsync(DailyDigestJob.JobId));
        await app.RunJobAsync(DailyDigestJob.JobId);
        await Task.WhenAll(app.RunJobAsync(OutboxSendJob.JobId), app.RunJobAsync(OutboxSendJob.JobId));
        app.Time.Advance(TimeSpan.FromHours(1));
        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        smtp.MessagesTo(CrmApp.ManagerEmail).Should().ContainSingle();
        (await app.OutboxAsync()).Should().ContainSingle().Which.DeliveryCount.Should().Be(1);
    }

    [Fact]
    public async Task Nothing_to_do_sends_nothing_unless_all_clear_is_on()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        await app.EnsureStandardUsersAsync();

        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().BeEmpty();

        await app.WithDbAsync(db => db.SetSettingAsync(DigestSettings.SendAllClear, "true"));
        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.Messages().Should().HaveCount(2);
        smtp.MessagesTo(CrmApp.ManagerEmail).Single().Message.Subject.Should().StartWith("All clear");
    }

    [Fact]
    public async Task Managers_in_Ho_Chi_Minh_and_Tehran_get_theirs_at_their_own_seven_oclock()
    {
        using var smtp = SmtpServer.Started();
        var settings = smtp.Settings();
        settings["Clock:Today"] = "";
        // 23:30 UTC on 14 June: 06:30 in Ho Chi Minh City (UTC+7), 03:00 in Tehran (UTC+3:30).
        using var app = new EmailApp(new DateTimeOffset(2026, 6, 14, 23, 30, 0, TimeSpan.Zero), settings);
        await app.EnsureStandardUsersAsync();
        var linh = await app.EnsureUserAsync("linh@example.com", Roles.AccountManager, "Trần Thị Linh");
        var reza = await app.EnsureUserAsync("reza@example.com", Roles.AccountManager, "رضا احمدی");
        await app.SetUserAsync(linh, "Asia/Ho_Chi_Minh");
        await app.SetUserAsync(reza, "Asia/Tehran");
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.ManagerEmail || u.Email == CrmApp.OtherManagerEmail)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestEnabled, false)));
        var local = new DateOnly(2026, 6, 15);
        foreach (var (manager, name) in new[] { (linh, "Công ty Hà Nội"), (reza, "شرکت تهران") })
        {
            var client = await app.AddClientAsync(manager, name);
            await app.AddFollowUpAsync(client, manager, FollowUpKind.CheckIn, local, local, "Check in");
        }

        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().BeEmpty("it is before seven for both");

        app.Time.Now = new DateTimeOffset(2026, 6, 15, 0, 5, 0, TimeSpan.Zero); // 07:05 in Ho Chi Minh City, 03:35 in Tehran
        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().ContainSingle().Which.Should().Match<OutboundEmail>(e => e.Recipient == "linh@example.com" && e.ForDate == local);

        app.Time.Now = new DateTimeOffset(2026, 6, 15, 3, 5, 0, TimeSpan.Zero); // 06:35 in Tehran
        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().HaveCount(1);

        app.Time.Now = new DateTimeOffset(2026, 6, 15, 3, 35, 0, TimeSpan.Zero); // 07:05 in Tehran
        await app.RunJobAsync(DailyDigestJob.JobId);
        var rows = await app.OutboxAsync();
        rows.Should().HaveCount(2);
        rows.Single(r => r.Recipient == "reza@example.com").ForDate.Should().Be(local);

        await app.RunJobAsync(OutboxSendJob.JobId);
        smtp.MessagesTo("linh@example.com").Single().Text.Should().Contain("Công ty Hà Nội");
        var persian = smtp.MessagesTo("reza@example.com").Single();
        persian.Text.Should().Contain("شرکت تهران");
        persian.Message.To.Mailboxes.Single().Name.Should().Be("رضا احمدی");
    }

    [Fact]
    public async Task A_persian_manager_gets_a_right_to_left_digest_in_persian_and_a_vietnamese_one_in_vietnamese()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        await app.EnsureStandardUsersAsync();
        var reza = await app.EnsureUserAsync("reza@example.com", Roles.AccountManager, "رضا احمدی");
        var linh = await app.EnsureUserAsync("linh@example.com", Roles.AccountManager, "Trần Thị Linh");
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.Id == reza).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fa"));
            await db.Users.Where(u => u.Id == linh).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "vi"));
            await db.Users.Where(u => u.Email == CrmApp.ManagerEmail || u.Email == CrmApp.OtherManagerEmail)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestEnabled, false));
        });
        foreach (var (manager, name) in new[] { (reza, "شرکت تهران"), (linh, "Công ty Hà Nội") })
        {
            var client = await app.AddClientAsync(manager, name, Channel.Phone, phone: "+98 21 5555 0000");
            await app.AddFollowUpAsync(client, manager, FollowUpKind.CheckIn, Today, Today, "Check in");
        }

        await app.RunJobAsync(DailyDigestJob.JobId);
        await app.RunJobAsync(OutboxSendJob.JobId);

        var persian = smtp.MessagesTo("reza@example.com").Single();
        persian.Message.Subject.Should().Contain("پیگیری");
        persian.Html.Should().Contain("dir=\"rtl\"").And.Contain("شرکت تهران");
        persian.Text.Should().Contain("شرکت تهران").And.NotContain("follow-up");
        var vietnamese = smtp.MessagesTo("linh@example.com").Single();
        vietnamese.Message.Subject.Should().Contain("việc theo dõi");
        vietnamese.Html.Should().Contain("dir=\"ltr\"");
        vietnamese.Text.Should().Contain("Công ty Hà Nội");
    }

    [Fact]
    public async Task The_link_in_the_digest_turns_it_off_without_signing_in()
    {
        using var app = new EmailApp(EightUtc);
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var client = await app.AddClientAsync(an, "Hanoi Bakery");
        await app.AddFollowUpAsync(client, an, FollowUpKind.CheckIn, Today, Today, "Check in");
        await app.RunJobAsync(DailyDigestJob.JobId);
        var text = (await app.OutboxAsync()).Single().TextBody;
        var link = text.Split('\n').Select(l => l.Trim()).Single(l => l.Contains("/digest/off/", StringComparison.Ordinal));
        var path = new Uri(link[link.IndexOf("http", StringComparison.Ordinal)..]).PathAndQuery;

        using var anonymous = app.NewBrowser();
        var confirm = await anonymous.GetPageAsync(path);
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        confirm.Text.Should().Contain("Turn off the daily email?").And.Contain("a***@example.com");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == an))).DigestEnabled.Should().BeTrue("a GET alone changes nothing");

        var done = await anonymous.PostFormAsync(path, new Dictionary<string, string>());
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        done.Text.Should().Contain("The daily email is off");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Id == an))).DigestEnabled.Should().BeFalse();

        var tampered = await anonymous.GetPageAsync(path[..^4] + "AAAA");
        tampered.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var tomsToken = await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<DigestLinks>().Token("no-such-user")));
        (await anonymous.GetPageAsync("/digest/off/" + tomsToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        app.Time.Advance(TimeSpan.FromDays(1));
        await app.WithDbAsync(db => db.OutboundEmails.ExecuteDeleteAsync());
        await app.RunJobAsync(DailyDigestJob.JobId);
        (await app.OutboxAsync()).Should().NotContain(e => e.Recipient == CrmApp.ManagerEmail);
    }
}
