using System.Text;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using static LybuntCrm.IntegrationTests.Features.Mailboxes.MailboxSyncSeed;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>Mail read from a real IMAP server (dovecot) becomes touches through the change pipeline.</summary>
public sealed class MailboxSyncTests(MailboxSyncTests.Server fixture) : IClassFixture<MailboxSyncTests.Server>
{
    /// <summary>One IMAP server for the class; every test has its own IMAP user.</summary>
    public sealed class Server : IDisposable
    {
        public DovecotServer Imap { get; } = DovecotServer.Started();

        public void Dispose() => Imap.Dispose();
    }

    // Tuesday 1 December 2026.
    private static readonly DateOnly Tuesday = new(2026, 12, 1);
    private static readonly DateTimeOffset LastWeek = new(2026, 11, 24, 9, 30, 0, TimeSpan.FromHours(7));

    private DovecotServer Imap => fixture.Imap;

    private string NewImapUser()
    {
        var user = "u" + Guid.NewGuid().ToString("N")[..10] + "@firm.example";
        Imap.AddUser(user, Password);
        return user;
    }

    private static Task<int> ClientAsync(CrmApp app, string ownerId, string name, string email, int lastContactDaysAgo = 400,
        Action<Client>? configure = null) =>
        TodaySeed.ClientAsync(app, ownerId, name, lastContactDaysAgo, configure, email: email);

    private static Task<List<FollowUp>> OpenItemsAsync(CrmApp app, int clientId) =>
        app.WithDbAsync(db => db.FollowUps.AsNoTracking()
            .Where(f => f.ClientId == clientId && (f.Status == FollowUpStatus.Open || f.Status == FollowUpStatus.Snoozed)).ToListAsync());

    [Fact]
    public async Task A_message_from_a_contact_is_a_reached_touch_on_its_date_and_takes_the_client_off_today()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Thái Bình Dương", "lan@thaibinhduong.vn");
        await TodaySeed.RunCheckInsAsync(app);
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.CheckIn);
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("Lan <LAN@ThaiBinhDuong.VN>", user, "Báo giá tháng 12", LastWeek, "Chào anh, em gửi báo giá."));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        var result = await SyncAsync(app, mailboxId);

        result.Problem.Should().Be(MailboxProblem.None);
        result.Logged.Should().Be(1);
        var touch = (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Subject;
        touch.Direction.Should().Be(Direction.Inbound);
        touch.Outcome.Should().Be(TouchpointOutcome.Reached);
        touch.Channel.Should().Be(Channel.Email);
        touch.UserId.Should().Be(managerId);
        touch.ContactId.Should().NotBeNull();
        touch.OccurredOn.Should().Be(new DateOnly(2026, 11, 24));
        touch.Subject.Should().Be("Báo giá tháng 12");
        touch.Summary.Should().Be("Chào anh, em gửi báo giá.");
        (await OpenItemsAsync(app, clientId)).Should().BeEmpty("the client wrote to us: the check-in is done");
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        client.LastContactOn.Should().Be(new DateOnly(2026, 11, 24));
        var health = await HealthAsync(app, mailboxId);
        health.LastSuccessAtUtc.Should().NotBeNull();
        health.LastMatched.Should().Be(1);
        health.TotalMatched.Should().Be(1);
        health.Folders.Should().OnlyContain(f => f.UidValidity != 0);
    }

    [Fact]
    public async Task A_message_sent_to_a_contact_is_an_attempt_and_a_sync_with_nothing_new_logs_nothing()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Harbour Lights", "pat@harbour.example");
        await TodaySeed.RunCheckInsAsync(app);
        var user = NewImapUser();
        Imap.Deliver(user, "Sent", Message(user, "Pat <pat@harbour.example>", "Checking in", new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        await SyncAsync(app, mailboxId);
        var again = await SyncAsync(app, mailboxId);

        var touch = (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Subject;
        touch.Direction.Should().Be(Direction.Outbound);
        Touchpoint.CountsAsContact(touch.Direction, touch.Outcome).Should().BeFalse("a message sent is an attempt, not a reply");
        var checkIn = (await OpenItemsAsync(app, clientId)).Should().ContainSingle().Subject;
        checkIn.Kind.Should().Be(FollowUpKind.CheckIn);
        checkIn.SnoozedUntil.Should().Be(new DateOnly(2026, 12, 2), "the check-in waits two days for an answer, as after an unanswered call");
        again.Read.Should().Be(0);
        again.Logged.Should().Be(0);
    }

    [Fact]
    public async Task The_same_message_in_two_folders_and_the_team_mailbox_is_one_touch()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Northwind", "ops@northwind.example");
        var user = NewImapUser();
        var team = NewImapUser();
        var message = Message("ops@northwind.example", user, "Re: delivery", LastWeek, messageId: "delivery-42@northwind.example", cc: team);
        Imap.Deliver(user, "INBOX", message);
        Imap.Deliver(user, "Sent", message);
        Imap.Deliver(team, "INBOX", message);
        var mine = await MailboxAsync(app, Imap, managerId, user);
        var teams = await MailboxAsync(app, Imap, null, team, folders: "INBOX");

        await SyncAsync(app, mine);
        await SyncAsync(app, teams);

        (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Which.MessageKey.Should().Be("mid:delivery-42@northwind.example");
        (await HealthAsync(app, teams)).LastMatched.Should().Be(1, "the team mailbox saw the message with a client, already logged");
    }

    [Fact]
    public async Task A_client_message_forwarded_to_the_team_mailbox_is_logged_for_the_manager_who_forwarded_it()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var attachedClient = await ClientAsync(app, otherId, "Attached", "lan@attached.vn");
        var inlineClient = await ClientAsync(app, otherId, "Inline", "minh@inline.vn");
        var team = NewImapUser();
        var original = Message("Lan <lan@attached.vn>", "sales@firm.example", "Đơn hàng mới", LastWeek, "Anh ơi, em muốn đặt thêm.");
        var asAttachment = Message(CrmApp.ManagerEmail, team, "Fwd: Đơn hàng mới", LastWeek.AddHours(2), "FYI");
        var body = new BodyBuilder { TextBody = "FYI" };
        body.Attachments.Add(new MessagePart { Message = original });
        asAttachment.Body = body.ToMessageBody();
        Imap.Deliver(team, "INBOX", asAttachment);
        Imap.Deliver(team, "INBOX", Message(CrmApp.ManagerEmail, team, "Fwd: Hẹn gặp", LastWeek.AddHours(3),
            "Ghi lại giúp em.\n\n---------- Forwarded message ---------\nFrom: Minh <Minh@Inline.vn>\nDate: Mon, 23 Nov 2026\nSubject: Hẹn gặp\nTo: an@example.com\n\nGặp thứ Năm nhé."));
        var mailboxId = await MailboxAsync(app, Imap, null, team, folders: "INBOX");

        await SyncAsync(app, mailboxId);

        var attached = (await SyncedTouchesAsync(app, attachedClient)).Should().ContainSingle().Subject;
        attached.UserId.Should().Be(managerId, "the manager who forwarded it had the conversation");
        attached.Direction.Should().Be(Direction.Inbound);
        attached.Subject.Should().Be("Đơn hàng mới");
        attached.Summary.Should().Be("Anh ơi, em muốn đặt thêm.");
        attached.MessageKey.Should().Be("mid:" + original.MessageId);
        var inline = (await SyncedTouchesAsync(app, inlineClient)).Should().ContainSingle().Subject;
        inline.UserId.Should().Be(managerId);
        inline.Direction.Should().Be(Direction.Inbound);
        inline.Subject.Should().Be("Hẹn gặp");
    }

    [Fact]
    public async Task Internal_bulk_and_unknown_mail_is_skipped_and_not_stored()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Northwind", "ops@northwind.example");
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message(CrmApp.OtherManagerEmail, CrmApp.ManagerEmail, "Lunch?", LastWeek));
        var newsletter = Message("ops@northwind.example", user, "Our news", LastWeek);
        newsletter.Headers.Add("List-Unsubscribe", "<mailto:leave@northwind.example>");
        Imap.Deliver(user, "INBOX", newsletter);
        var bulk = Message("ops@northwind.example", user, "Price list", LastWeek);
        bulk.Headers.Add("Precedence", "bulk");
        Imap.Deliver(user, "INBOX", bulk);
        var autoReply = Message("ops@northwind.example", user, "Out of office", LastWeek);
        autoReply.Headers.Add("Auto-Submitted", "auto-replied");
        Imap.Deliver(user, "INBOX", autoReply);
        Imap.Deliver(user, "INBOX", Message("stranger@elsewhere.example", user, "Hello", LastWeek));
        var personal = Message("ops@northwind.example", user, "A real answer", LastWeek);
        personal.Headers.Add("Auto-Submitted", "no");
        Imap.Deliver(user, "INBOX", personal);
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        var result = await SyncAsync(app, mailboxId);

        result.Read.Should().Be(6);
        (await SyncedTouchesAsync(app)).Should().ContainSingle().Which.Subject.Should().Be("A real answer");
        (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_client_domain_matches_any_address_there_in_unicode_or_ascii_but_a_free_mail_domain_never_does()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var firm = await ClientAsync(app, managerId, "Công ty Hòa Bình", "giamdoc@example.org",
            configure: c => c.EmailDomain = EmailAddresses.NormalizeDomain("hòabình.vn"));
        var freeMail = await ClientAsync(app, managerId, "Solo trader", "solo@example.org", configure: c => c.EmailDomain = "gmail.com");
        var typedInUnicode = await ClientAsync(app, managerId, "Đông Á", "thu@đôngá.vn");
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("ketoan@HÒABÌNH.vn", user, "Hóa đơn", LastWeek));
        Imap.Deliver(user, "INBOX", Message("someone@gmail.com", user, "Hi", LastWeek));
        Imap.Deliver(user, "INBOX", Message("thu@" + EmailAddresses.NormalizeDomain("đôngá.vn"), user, "Xin chào", LastWeek));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        await SyncAsync(app, mailboxId);

        (await SyncedTouchesAsync(app, firm)).Should().ContainSingle().Which.ContactId.Should().BeNull();
        (await SyncedTouchesAsync(app, freeMail)).Should().BeEmpty();
        (await SyncedTouchesAsync(app, typedInUnicode)).Should().ContainSingle();
    }

    [Fact]
    public async Task A_contact_excluded_from_sync_is_never_logged()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Friends & Co", "friend@friends.example",
            configure: c => { c.EmailDomain = "friends.example"; c.Contacts[0].ExcludedFromSync = true; });
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("friend@friends.example", user, "Dinner", LastWeek));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        await SyncAsync(app, mailboxId);

        (await SyncedTouchesAsync(app, clientId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_contact_excluded_on_the_contact_form_is_no_longer_logged()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Friends & Co", "friend@friends.example");
        var contactId = await app.WithDbAsync(db => db.Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).SingleAsync());
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("friend@friends.example", user, "Project", LastWeek));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user, folders: "INBOX");
        await SyncAsync(app, mailboxId);
        (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle();

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var saved = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contactId}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Pat Friends & Co",
            ["Input.Email"] = "friend@friends.example",
            ["Input.ExcludedFromSync"] = "true",
        });
        saved.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        Imap.Deliver(user, "INBOX", Message("Friend <FRIEND@friends.example>", user, "Dinner on Friday?", LastWeek.AddDays(1)));
        var result = await SyncAsync(app, mailboxId);

        result.Read.Should().Be(1);
        result.Logged.Should().Be(0);
        (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Which.Subject.Should().Be("Project");
    }

    [Fact]
    public async Task A_synced_touch_deleted_on_the_client_page_moves_the_client_back_and_no_later_sync_brings_it_back()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Northwind", "ops@northwind.example");
        await TodaySeed.RunCheckInsAsync(app);
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("ops@northwind.example", user, "Not about business", LastWeek, messageId: "private-7@northwind.example"));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user, folders: "INBOX");
        await SyncAsync(app, mailboxId);
        var touch = (await SyncedTouchesAsync(app, clientId)).Should().ContainSingle().Subject;
        (await OpenItemsAsync(app, clientId)).Should().BeEmpty();

        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var deleted = await browser.PostFormAsync($"/Clients/{clientId}", new Dictionary<string, string> { ["touchpointId"] = touch.Id.ToString() },
            postUrl: $"/Clients/{clientId}?handler=DeleteTouchpoint");

        deleted.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        (await SyncedTouchesAsync(app, clientId)).Should().BeEmpty();
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync(c => c.Id == clientId));
        client.LastContactOn.Should().Be(Tuesday.AddDays(-400), "the last contact is the one before the deleted message");
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.CheckIn, "the client is due on Today again");

        // The server numbers the folder afresh: the message is read again, and still not logged.
        Imap.ResetUidValidity(user, "INBOX");
        var again = await SyncAsync(app, mailboxId);

        again.Read.Should().Be(1);
        again.Logged.Should().Be(0);
        (await SyncedTouchesAsync(app, clientId)).Should().BeEmpty();
        (await OpenItemsAsync(app, clientId)).Should().ContainSingle(f => f.Kind == FollowUpKind.CheckIn);
    }

    [Fact]
    public async Task A_missing_or_future_date_is_the_day_of_the_sync_and_a_missing_message_id_still_logs_once()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var undated = await ClientAsync(app, managerId, "Undated", "a@undated.example");
        var future = await ClientAsync(app, managerId, "Future", "b@future.example");
        var user = NewImapUser();
        var noDate = Message("a@undated.example", user, "No date", null, messageId: null);
        Imap.Deliver(user, "INBOX", noDate);
        Imap.Deliver(user, "Sent", noDate);
        Imap.Deliver(user, "INBOX", Message("b@future.example", user, "From the future", new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);

        await SyncAsync(app, mailboxId);

        var touch = (await SyncedTouchesAsync(app, undated)).Should().ContainSingle().Subject;
        touch.OccurredOn.Should().Be(Tuesday);
        touch.MessageKey.Should().StartWith("hash:");
        (await SyncedTouchesAsync(app, future)).Should().ContainSingle().Which.OccurredOn.Should().Be(Tuesday);
    }

    [Fact]
    public async Task A_new_uidvalidity_reads_the_folder_again_without_duplicates()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await ClientAsync(app, managerId, "Northwind", "ops@northwind.example");
        var user = NewImapUser();
        Imap.Deliver(user, "INBOX", Message("ops@northwind.example", user, "First", LastWeek));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user, folders: "INBOX");
        await SyncAsync(app, mailboxId);
        var before = (await HealthAsync(app, mailboxId)).Folders.Single().UidValidity;

        Imap.ResetUidValidity(user, "INBOX");
        Imap.Deliver(user, "INBOX", Message("ops@northwind.example", user, "Second", LastWeek.AddDays(1)));
        var result = await SyncAsync(app, mailboxId);

        result.Read.Should().Be(2, "the folder was numbered afresh and read again");
        (await HealthAsync(app, mailboxId)).Folders.Single().UidValidity.Should().NotBe(before);
        (await SyncedTouchesAsync(app, clientId)).Select(t => t.Subject).Should().BeEquivalentTo("First", "Second");
    }

    [Fact]
    public async Task A_folder_deleted_on_the_server_is_a_problem_named_in_words_and_counted()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var user = NewImapUser();
        var mailboxId = await MailboxAsync(app, Imap, managerId, user);
        Imap.DeleteFolder(user, "Sent");

        var first = await SyncAsync(app, mailboxId);
        await SyncAsync(app, mailboxId);

        first.Problem.Should().Be(MailboxProblem.FolderMissing);
        var health = await HealthAsync(app, mailboxId);
        health.Problem.Should().Be(MailboxProblem.FolderMissing);
        health.ProblemDetail.Should().Be("Sent");
        health.ConsecutiveFailures.Should().Be(2);
        health.LastSuccessAtUtc.Should().BeNull();
        health.SyncLeaseUntilUtc.Should().BeNull("a failed sync lets the next one run");
    }

    [Fact]
    public async Task A_wrong_password_and_an_untrusted_certificate_are_told_apart()
    {
        using var app = new CrmApp(Tuesday);
        var (adminId, managerId, otherId) = await app.EnsureStandardUsersAsync();
        var user = NewImapUser();
        var wrong = await MailboxAsync(app, Imap, managerId, user, password: "not-the-password");
        var untrusted = await MailboxAsync(app, Imap, otherId, user, MailSecurity.SslOnConnect);

        (await SyncAsync(app, wrong)).Problem.Should().Be(MailboxProblem.PasswordRefused);
        (await SyncAsync(app, untrusted)).Problem.Should().Be(MailboxProblem.CertificateNotTrusted);
        (await HealthAsync(app, wrong)).ConsecutiveFailures.Should().Be(1);
    }

    [Fact]
    public async Task A_password_is_stored_encrypted()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var mailboxId = await MailboxAsync(app, Imap, managerId, NewImapUser());

        var stored = (await HealthAsync(app, mailboxId)).ProtectedPassword;

        stored.Should().NotContain(Password);
        stored.Length.Should().BeGreaterThan(Password.Length);
    }

    [Fact]
    public async Task Malformed_mime_8_bit_headers_and_encoded_names_each_end_in_a_readable_touch()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var vietnamese = await ClientAsync(app, managerId, "Sài Gòn Xanh", "mai@saigonxanh.vn");
        var persian = await ClientAsync(app, managerId, "شرکت آرمان", "info@arman.ir");
        var malformed = await ClientAsync(app, managerId, "Broken Mailer", "x@broken.example");
        var encoded = await ClientAsync(app, managerId, "Encoded", "hoa@encoded.example");
        var user = NewImapUser();
        var cp1258 = CodePagesEncodingProvider.Instance.GetEncoding(1258)!;
        var cp1256 = CodePagesEncodingProvider.Instance.GetEncoding(1256)!;
        Imap.Deliver(user, "INBOX", Bytes("From: mai@saigonxanh.vn\r\nTo: " + user + "\r\nSubject: ", cp1258.GetBytes("Cảm ơn anh"),
            "\r\nDate: Tue, 24 Nov 2026 09:00:00 +0700\r\nMessage-ID: <cp1258@x>\r\n\r\nbody\r\n"));
        Imap.Deliver(user, "INBOX", Bytes("From: info@arman.ir\r\nTo: " + user + "\r\nSubject: ", cp1256.GetBytes("سلام دوست"),
            "\r\nDate: Tue, 24 Nov 2026 09:00:00 +0330\r\nMessage-ID: <cp1256@x>\r\n\r\nbody\r\n"));
        Imap.Deliver(user, "INBOX", Raw("From: x@broken.example\r\nTo: " + user + "\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"never-closed\"\r\nContent-Transfer-Encoding: base64\r\n\r\n--never-closed\r\n"
            + "Content-Type: text/plain; charset=nonexistent-charset\r\n\r\n@@@ not base64 @@@\r\n"));
        Imap.Deliver(user, "INBOX", Raw("From: =?UTF-8?B?SG9hIE5ndXnhu4Vu?= <hoa@encoded.example>\r\nTo: " + user
            + "\r\nSubject: =?UTF-8?Q?Ch=C3=A0o_anh?=\r\nDate: Tue, 24 Nov 2026 09:00:00 +0700\r\n\r\nXin chao\r\n"));
        var mailboxId = await MailboxAsync(app, Imap, managerId, user, folders: "INBOX");

        var result = await SyncAsync(app, mailboxId);

        result.Problem.Should().Be(MailboxProblem.None);
        (await SyncedTouchesAsync(app, vietnamese)).Should().ContainSingle().Which.Subject.Should().NotBeNullOrEmpty().And.NotContainAny("\0", "\r");
        (await SyncedTouchesAsync(app, persian)).Should().ContainSingle().Which.Subject.Should().NotBeNullOrEmpty();
        (await SyncedTouchesAsync(app, malformed)).Should().ContainSingle().Which.Subject.Should().Be("broken");
        (await SyncedTouchesAsync(app, encoded)).Should().ContainSingle().Which.Subject.Should().Be("Chào anh");
    }

    [Fact]
    public async Task A_20_mb_message_costs_its_text_only_and_html_script_bidi_and_control_characters_are_made_inert()
    {
        using var app = new CrmApp(Tuesday);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var big = await ClientAsync(app, managerId, "Big Files", "cad@bigfiles.example");
        var html = await ClientAsync(app, managerId, "Html Mailer", "news@html.example");
        var user = NewImapUser();
        var large = Message("cad@bigfiles.example", user, "Drawings", LastWeek);
        var body = new BodyBuilder { TextBody = "Please find the drawings attached." };
        var attachment = new byte[20 * 1024 * 1024];
        Random.Shared.NextBytes(attachment);
        body.Attachments.Add("drawings.bin", attachment);
        large.Body = body.ToMessageBody();
        Imap.Deliver(user, "INBOX", large);
        var rich = Message("news@html.example", user, "Sale \u202Egnp.exe\u0007 now", LastWeek);
        rich.Body = new TextPart("html")
        {
            Text = "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
            + "<body><p>Dear Mai,</p><p>see <b>our</b> offer &amp; terms</p><script>document.cookie</script></body></html>"
        };
        Imap.Deliver(user, "INBOX", rich);
        var mailboxId = await MailboxAsync(app, Imap, managerId, user, folders: "INBOX");

        var result = await SyncAsync(app, mailboxId);

        result.Problem.Should().Be(MailboxProblem.None);
        (await SyncedTouchesAsync(app, big)).Should().ContainSingle().Which.Summary.Should().Be("Please find the drawings attached.");
        var touch = (await SyncedTouchesAsync(app, html)).Should().ContainSingle().Subject;
        touch.Summary.Should().Be("Dear Mai, see our offer & terms");
        touch.Subject.Should().Be("Sale gnp.exe now");
    }

    private static byte[] Bytes(string head, byte[] middle, string tail) =>
        [.. Encoding.ASCII.GetBytes(head), .. middle, .. Encoding.ASCII.GetBytes(tail)];
}
