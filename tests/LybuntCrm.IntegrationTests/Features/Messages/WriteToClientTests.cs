using System.Net;
using AngleSharp.Html.Dom;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Messages;

/// <summary>Writing to a client from Today or the client page: the composer, sending once, and the refusals.</summary>
public sealed class WriteToClientTests
{
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    private static string WriteUrl(int clientId) => $"/Clients/{clientId}/Write";

    /// <summary>The composer form's fields as a browser would send them.</summary>
    private static Dictionary<string, string> FieldsOf(Page page)
    {
        var form = page.Document.QuerySelector("form[data-composer]") ?? throw new InvalidOperationException("No composer form:\n" + page.Text);
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]")) fields[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        foreach (var select in form.QuerySelectorAll("select[name]").OfType<IHtmlSelectElement>()) fields[select.Name!] = select.Value ?? "";
        foreach (var area in form.QuerySelectorAll("textarea[name]").OfType<IHtmlTextAreaElement>()) fields[area.Name!] = area.Value;
        return fields;
    }

    private static string? Field(Page page, string name) => FieldsOf(page).GetValueOrDefault(name);

    private static Task<int> ClientWithContactAsync(CrmApp app, string ownerId, string name, Action<Contact> contact, Action<Client>? client = null) =>
        TodaySeed.ClientAsync(app, ownerId, name, lastContactDaysAgo: 120, configure: c =>
        {
            contact(c.Contacts.Single());
            client?.Invoke(c);
        });

    private static Task<int> FollowUpAsync(CrmApp app, int clientId, string assigneeId, FollowUpKind kind, string sourceKey, string? code = null,
        string? args = null, int? contactId = null) =>
        app.WithDbAsync(async db =>
        {
            var followUp = new FollowUp
            {
                ClientId = clientId,
                AssigneeId = assigneeId,
                ContactId = contactId,
                Kind = kind,
                DueOn = app.Today.AddDays(5),
                PlannedOn = app.Today,
                SourceKey = sourceKey,
                ReasonCode = code,
                ReasonArgs = args,
                CreatedAtUtc = DateTime.UtcNow,
            };
            db.FollowUps.Add(followUp);
            await db.SaveChangesAsync();
            return followUp.Id;
        });

    private static Task<(int Emails, int Touches)> StoredAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(async db => (await db.OutboundEmails.CountAsync(e => e.ClientId == clientId),
            await db.Touchpoints.CountAsync(t => t.ClientId == clientId && t.Channel == Channel.Email)));

    [Fact]
    public async Task The_composer_is_prefilled_in_Vietnamese_from_the_birthday_follow_up_with_the_contact_form_of_address()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientWithContactAsync(app, managerId, "Cảng Sài Gòn", c =>
        {
            c.Name = "Trần Thị Lan";
            c.Email = "lan@cang.example";
            c.Language = "vi";
            c.FormOfAddress = "chị Lan";
        });
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());
        var followUpId = await FollowUpAsync(app, clientId, managerId, FollowUpKind.Occasion, $"occasion:birthday:{contactId}:2026",
            FollowUpReasons.Birthday, FollowUpReasons.Args("Trần Thị Lan", "2026-06-20"), contactId);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"{WriteUrl(clientId)}?followUp={followUpId}&back=today");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        Field(page, "Input.Kind").Should().Be(nameof(TemplateKind.Birthday));
        Field(page, "Input.Language").Should().Be("vi");
        Field(page, "Input.ContactId").Should().Be(contactId.ToString());
        Field(page, "Input.Subject").Should().Be("Chúc mừng sinh nhật chị Lan!");
        var body = Field(page, "Input.Body")!;
        body.Should().StartWith("Chào chị Lan,").And.EndWith("An Nguyen").And.NotContain("{{");
        page.Document.QuerySelector("textarea[name='Input.Body']")!.GetAttribute("dir").Should().Be("ltr");
        Field(page, "Input.Token").Should().MatchRegex("^[A-Za-z0-9_-]{22}$");

        // Another purpose, in English, without script: the same form posted to the render handler writes the text again.
        var fields = FieldsOf(page);
        fields["Input.Kind"] = nameof(TemplateKind.CheckIn);
        fields["Input.Language"] = "en";
        var again = await browser.PostAsync($"{WriteUrl(clientId)}?handler=Render", fields, page.AntiforgeryToken);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        Field(again, "Input.Subject").Should().Be("How are things at Cảng Sài Gòn?");
        Field(again, "Input.Body").Should().StartWith("Dear chị Lan,");
        Field(again, "Input.Token").Should().Be(fields["Input.Token"], "it is still the same message");
        (await StoredAsync(app, clientId)).Should().Be((0, 0));
    }

    [Fact]
    public async Task A_win_back_in_Persian_is_prefilled_right_to_left_with_the_last_purchase_and_arrives_as_right_to_left_html()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientWithContactAsync(app, managerId, "رضایی و شرکا", c =>
        {
            c.Name = "مریم رضایی";
            c.Email = "maryam@rezaei.example";
            c.Language = "fa";
            c.FormOfAddress = "خانم رضایی";
        }, c => c.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 3), Amount = 1250m, Currency = "EUR", CreatedAtUtc = DateTime.UtcNow }));
        var followUpId = await FollowUpAsync(app, clientId, managerId, FollowUpKind.WinBack, $"winback:{clientId}:2026",
            FollowUpReasons.WinBack, FollowUpReasons.Args("1250"));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync($"{WriteUrl(clientId)}?followUp={followUpId}");

        Field(page, "Input.Kind").Should().Be(nameof(TemplateKind.WinBack));
        Field(page, "Input.Language").Should().Be("fa");
        Field(page, "Input.Subject").Should().Be("جای رضایی و شرکا خالی است");
        var body = Field(page, "Input.Body")!;
        body.Should().StartWith("خانم رضایی گرامی، سلام").And.Contain("از ۳ مارس ۲۰۲۵ تاکنون", "the date in Persian words and digits");
        page.Document.QuerySelector("textarea[name='Input.Body']")!.GetAttribute("dir").Should().Be("rtl");
        page.Document.QuerySelector("input[name='Input.Subject']")!.GetAttribute("dir").Should().Be("rtl");

        var sent = await browser.PostAsync(WriteUrl(clientId), FieldsOf(page), page.AntiforgeryToken);
        sent.StatusCode.Should().Be(HttpStatusCode.Redirect);
        sent.Location.Should().Be($"/Clients/{clientId}");
        await app.RunJobAsync(OutboxSendJob.JobId);

        var received = smtp.MessagesTo("maryam@rezaei.example").Should().ContainSingle().Subject;
        received.Message.Subject.Should().Be("جای رضایی و شرکا خالی است");
        received.Html.Should().Contain("lang=\"fa\" dir=\"rtl\"").And.Contain("خانم رضایی گرامی، سلام");
        received.Text.Should().Contain("خانم رضایی گرامی، سلام");
    }

    [Fact]
    public async Task Sending_from_Today_twice_with_the_same_form_makes_one_message_and_one_touch_and_it_arrives_with_the_manager_as_reply_to()
    {
        using var smtp = SmtpServer.Started();
        using var app = new EmailApp(EightUtc, smtp.Settings());
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await TodaySeed.ClientAsync(app, managerId, "Harbour Events", lastContactDaysAgo: 130, email: "pat@harbour.example");
        await TodaySeed.RunCheckInsAsync(app);
        var followUpId = await app.WithDbAsync(db => db.FollowUps.Where(f => f.ClientId == clientId && f.Status == FollowUpStatus.Open)
            .Select(f => f.Id).SingleAsync());
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var today = await browser.GetPageAsync("/Today");
        var write = today.Document.QuerySelector($"#item-{followUpId} a[data-testid=write]");
        write.Should().NotBeNull("the client has a contact with an email");
        var composer = await browser.GetPageAsync(write!.GetAttribute("href")!);
        composer.StatusCode.Should().Be(HttpStatusCode.OK);
        var fields = FieldsOf(composer);
        fields["Input.Body"] = "Dear Pat,\n\nHow did the summer launch go?\n\nAn";

        var first = await browser.PostAsync(WriteUrl(clientId), fields, composer.AntiforgeryToken);
        var second = await browser.PostAsync(WriteUrl(clientId), fields, composer.AntiforgeryToken);

        first.StatusCode.Should().Be(HttpStatusCode.Redirect);
        first.Location.Should().Be("/Today");
        second.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var after = await browser.GetPageAsync(second.Location!);
        after.Text.Should().Contain("This message was sent already.");
        after.Document.QuerySelector($"#item-{followUpId}").Should().BeNull("the check-in waits for a reply: it is off today's list at once");

        var email = (await app.OutboxAsync()).Should().ContainSingle().Subject;
        email.Recipient.Should().Be("pat@harbour.example");
        email.Kind.Should().Be("write:" + fields["Input.Token"]);
        email.SentByUserId.Should().Be(managerId);
        email.ReplyTo.Should().Be(CrmApp.ManagerEmail);
        (email.ClientId, email.FollowUpId).Should().Be((clientId, followUpId));
        email.ContactId.Should().Be(int.Parse(fields["Input.ContactId"]));
        email.TextBody.Should().Be("Dear Pat,\n\nHow did the summer launch go?\n\nAn");
        email.HtmlBody.Should().Contain("<p>How did the summer launch go?</p>");

        var touch = await app.WithDbAsync(db => db.Touchpoints.Where(t => t.ClientId == clientId && t.Channel == Channel.Email).ToListAsync());
        touch.Should().ContainSingle();
        touch[0].Should().BeEquivalentTo(new
        {
            Direction = Direction.Outbound,
            Outcome = TouchpointOutcome.Other,
            UserId = managerId,
            Subject = email.Subject,
            Summary = "Dear Pat, How did the summer launch go? An",
            MessageKey = "mid:" + email.MessageId,
            ContactId = email.ContactId,
        }, o => o.ExcludingMissingMembers());
        var checkIn = await app.WithDbAsync(db => db.FollowUps.SingleAsync(f => f.Id == followUpId));
        checkIn.Status.Should().Be(FollowUpStatus.Snoozed, "an email sent is an attempt: the check-in comes back if nobody answers");

        await app.RunJobAsync(OutboxSendJob.JobId);
        var received = smtp.MessagesTo("pat@harbour.example").Should().ContainSingle().Subject;
        received.Message.ReplyTo.Mailboxes.Select(m => m.Address).Should().Equal(CrmApp.ManagerEmail);
        received.Message.From.Mailboxes.Single().Address.Should().Be("crm@example.com");
        received.Message.MessageId.Should().Be(email.MessageId);
        received.Message.Headers.Contains("Auto-Submitted").Should().BeFalse("a manager wrote it");
        (await app.OutboxAsync()).Single().Status.Should().Be(EmailStatus.Sent);
    }

    [Fact]
    public async Task Do_not_contact_a_bounced_address_and_a_contact_without_email_are_refused_with_the_text_kept_and_nothing_stored()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var quiet = await ClientWithContactAsync(app, managerId, "Quiet Ltd", c => c.Email = "quiet@example.com", c =>
        {
            c.DoNotContact = true;
            c.DoNotContactReason = "Asked us to stop";
        });
        var bounced = await ClientWithContactAsync(app, managerId, "Bounce Ltd", c =>
        {
            c.Email = "gone@example.com";
            c.EmailBouncedAtUtc = DateTime.UtcNow;
            c.EmailBounceReason = "550 No such user";
        });
        var noEmail = await ClientWithContactAsync(app, managerId, "Phone Only Ltd", c => c.Email = null);
        var noEmailContact = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == noEmail).Select(c => c.Id).SingleAsync());
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        foreach (var (clientId, expected) in new[]
        {
            (quiet, "Not sent: this client is marked do not contact."),
            (bounced, "Not sent: mail to this contact's address has bounced. Correct the address on the contact first."),
        })
        {
            var page = await browser.GetPageAsync(WriteUrl(clientId));
            page.Document.QuerySelector("[data-testid=send]")!.HasAttribute("disabled").Should().BeTrue();
            var fields = FieldsOf(page);
            fields["Input.Body"] = "Typed with care";
            var refused = await browser.PostAsync(WriteUrl(clientId), fields, page.AntiforgeryToken);
            refused.StatusCode.Should().Be(HttpStatusCode.OK);
            refused.Document.QuerySelector("[data-testid=refusal]")!.TextContent.Should().Contain(expected);
            Field(refused, "Input.Body").Should().Be("Typed with care");
            Field(refused, "Input.Subject").Should().Be(fields["Input.Subject"]);
        }

        var none = await browser.GetPageAsync(WriteUrl(noEmail));
        none.Document.QuerySelector("[data-testid=no-email]")!.TextContent.Should().Contain("No contact of this client has an email address.");
        var forced = await browser.PostAsync(WriteUrl(noEmail), new Dictionary<string, string>
        {
            ["Input.ContactId"] = noEmailContact.ToString(),
            ["Input.Kind"] = nameof(TemplateKind.CheckIn),
            ["Input.Language"] = "en",
            ["Input.Subject"] = "Hello",
            ["Input.Body"] = "Typed anyway",
            ["Input.Token"] = "abcdefghijklmnopqrstuv",
        }, none.AntiforgeryToken);
        forced.Document.QuerySelector("[data-testid=refusal]")!.TextContent.Should().Contain("Not sent: this contact has no email address.");
        Field(forced, "Input.Body").Should().Be("Typed anyway");

        foreach (var clientId in new[] { quiet, bounced, noEmail }) (await StoredAsync(app, clientId)).Should().Be((0, 0));
        (await app.WithDbAsync(db => db.OutboundEmails.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task The_daily_limit_refuses_the_message_past_it_and_a_value_with_html_is_encoded_in_the_html_body()
    {
        using var app = new CrmApp();
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.SetSettingAsync(SettingKeys.MessagesPerManagerPerDay, "2"));
        var clientId = await ClientWithContactAsync(app, managerId, "Tag <b>Co</b>", c =>
        {
            c.Email = "boss@tag.example";
            c.FormOfAddress = "<img src=x onerror=alert(1)>";
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        async Task<Page> SendAsync()
        {
            var page = await browser.GetPageAsync(WriteUrl(clientId));
            return await browser.PostAsync(WriteUrl(clientId), FieldsOf(page), page.AntiforgeryToken);
        }

        (await SendAsync()).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await SendAsync()).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var third = await SendAsync();

        third.StatusCode.Should().Be(HttpStatusCode.OK);
        third.Document.QuerySelector("[data-testid=refusal]")!.TextContent.Should()
            .Contain("Not sent: you have sent 2 messages today, the most allowed in a day.");
        var emails = await app.WithDbAsync(db => db.OutboundEmails.Where(e => e.ClientId == clientId).ToListAsync());
        emails.Should().HaveCount(2);
        (await StoredAsync(app, clientId)).Touches.Should().Be(2);
        emails[0].TextBody.Should().StartWith("Dear <img src=x onerror=alert(1)>,", "the text is the text");
        emails[0].HtmlBody.Should().Contain("Dear &lt;img src=x onerror=alert(1)&gt;,").And.NotContain("<img").And.NotContain("<b>Co</b>");
        emails[0].Subject.Should().Be("How are things at Tag <b>Co</b>?");

        // The limit is each manager's own: an admin writing to the same client still may.
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var adminPage = await admin.GetPageAsync(WriteUrl(clientId));
        (await admin.PostAsync(WriteUrl(clientId), FieldsOf(adminPage), adminPage.AntiforgeryToken)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.OutboundEmails.CountAsync(e => e.SentByUserId == adminId))).Should().Be(1);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_and_another_managers_client_are_refused_and_store_nothing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientWithContactAsync(app, managerId, "Mine Ltd", c => c.Email = "mine@example.com");
        using var owner = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var other = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        var page = await owner.GetPageAsync(WriteUrl(clientId));
        var fields = FieldsOf(page);

        var forged = await owner.PostAsync(WriteUrl(clientId), fields, token: null);
        var otherToken = (await other.GetPageAsync("/Today")).AntiforgeryToken;
        var someoneElse = await other.PostAsync(WriteUrl(clientId), fields, otherToken);
        var someoneElseRenders = await other.PostAsync($"{WriteUrl(clientId)}?handler=Render", fields, otherToken);

        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        someoneElse.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        someoneElseRenders.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.GetAsync(WriteUrl(clientId))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await owner.GetAsync(WriteUrl(999_999))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await StoredAsync(app, clientId)).Should().Be((0, 0));
    }

    [Fact]
    public async Task The_contact_form_keeps_the_language_and_form_of_address_and_the_client_page_shows_them_with_a_write_button()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientWithContactAsync(app, managerId, "Lotus Co", c => c.Email = "old@lotus.example");
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var saved = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contactId}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Nguyễn Thị Lan",
            ["Input.Email"] = "lan@lotus.example",
            ["Input.Language"] = "vi",
            ["Input.FormOfAddress"] = "chị Lan",
            ["Input.IsPrimary"] = "true",
        });
        var refused = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contactId}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Nguyễn Thị Lan",
            ["Input.Language"] = "de",
        });

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        refused.Errors.Should().Contain("Choose a language.");
        var contact = await app.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == contactId));
        (contact.Language, contact.FormOfAddress).Should().Be(("vi", "chị Lan"));
        var form = await browser.GetPageAsync($"/Clients/{clientId}/Contacts/{contactId}");
        form.Document.QuerySelector("select[name='Input.Language'] option[selected]")!.GetAttribute("value").Should().Be("vi");
        var details = await browser.GetPageAsync($"/Clients/{clientId}");
        details.Document.QuerySelector("[data-testid=contact-addressing]")!.TextContent.Should().Contain("Addressed as chị Lan").And.Contain("Tiếng Việt");
        details.Document.QuerySelector("a[data-testid=write]")!.GetAttribute("href").Should().Be($"/Clients/{clientId}/Write");
    }
}
