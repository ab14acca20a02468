using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace LybuntCrm.IntegrationTests.Imap;

/// <summary>The IMAP server the mailbox sync tests run against, seen through MailKit as the app will see it.</summary>
public sealed class DovecotServerTests : IClassFixture<SharedDovecotServer>
{
    private const string Password = "s3cret pass";
    private readonly DovecotServer _server;

    public DovecotServerTests(SharedDovecotServer shared) => _server = shared.Server;

    private static MimeMessage Message(string subject) =>
        new([new MailboxAddress("An Nguyen", "an@example.com")], [new MailboxAddress("Crm", "crm@example.com")], subject,
            new TextPart("plain") { Text = "Hello" });

    private static async Task<ImapClient> SignInAsync(DovecotServer server, string user, string password = Password)
    {
        var client = new ImapClient { Timeout = 15_000 };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, SecureSocketOptions.None);
            await client.AuthenticateAsync(user, password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<IList<IMessageSummary>> SummariesAsync(IMailFolder folder)
    {
        await folder.OpenAsync(FolderAccess.ReadOnly);
        return await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope);
    }

    [Fact]
    public async Task Delivered_mail_is_in_the_inbox_and_in_the_folder_flagged_as_sent_numbered_in_delivery_order()
    {
        _server.AddUser("Reader@example.com", Password);
        foreach (var subject in new[] { "One", "Two", "Three" })
            _server.Deliver("reader@example.com", "INBOX", Message(subject));
        _server.Deliver("reader@example.com", "Sent", Message("Sent one"));

        using (var client = await SignInAsync(_server, "reader@example.com"))
        {
            client.Capabilities.Should().HaveFlag(ImapCapabilities.SpecialUse);
            var sent = client.GetFolder(SpecialFolder.Sent);
            sent.Should().NotBeNull("the Sent folder is found by its \\Sent flag");
            sent!.FullName.Should().Be("Sent");
            sent.Attributes.Should().HaveFlag(FolderAttributes.Sent);

            var inbox = await SummariesAsync(client.Inbox);
            inbox.Select(m => m.Envelope!.Subject).Should().Equal("One", "Two", "Three");
            inbox.Select(m => m.UniqueId.Id).Should().Equal(1u, 2u, 3u);
            (await SummariesAsync(sent)).Select(m => m.Envelope!.Subject).Should().Equal("Sent one");
        }

        _server.Deliver("reader@example.com", "INBOX", Message("Four"));
        using (var client = await SignInAsync(_server, "READER@example.com"))
        {
            var inbox = await SummariesAsync(client.Inbox);
            inbox.Select(m => (m.UniqueId.Id, m.Envelope!.Subject)).Should().Equal((1u, "One"), (2u, "Two"), (3u, "Three"), (4u, "Four"));
        }
    }

    [Fact]
    public async Task Raw_messages_are_served_byte_for_byte_and_folders_may_have_any_name()
    {
        _server.AddUser("raw", Password);
        // UTF-8 in the headers, a broken Content-Type, and a body that is no text in any charset (no NUL: dovecot sends those as 0x80).
        byte[] raw = [.. Encoding.UTF8.GetBytes("From: Bảo <bao@example.com>\r\nSubject: Thư đã gửi\r\nContent-Type: text/plain; charset=\"\r\n\r\n"), 0xFF, 0xFE, 0x80, .. "\r\n"u8];
        _server.Deliver("raw", "Thư đã gửi", raw);
        _server.Deliver("raw", "Archive.2024", Message("Filed"));

        using var client = await SignInAsync(_server, "raw");
        var folder = await client.GetFolderAsync("Thư đã gửi");
        var summary = (await SummariesAsync(folder)).Should().ContainSingle().Subject;
        using var stream = await folder.GetStreamAsync(summary.UniqueId, string.Empty);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        copy.ToArray().Should().Equal(raw);

        var subscribed = await client.GetFolder(client.PersonalNamespaces[0]).GetSubfoldersAsync(subscribedOnly: true);
        subscribed.Select(f => f.FullName).Should().BeEquivalentTo("INBOX", "Sent", "Thư đã gửi");
        var archive = await client.GetFolderAsync("Archive");
        (await archive.GetSubfoldersAsync(subscribedOnly: true)).Select(f => f.FullName).Should().Equal("Archive.2024");
        (await SummariesAsync(await client.GetFolderAsync("Archive.2024"))).Select(m => m.Envelope!.Subject).Should().Equal("Filed");
    }

    [Fact]
    public async Task A_wrong_password_is_refused()
    {
        _server.AddUser("refused", Password);

        var act = () => SignInAsync(_server, "refused", "wrong");

        await act.Should().ThrowAsync<AuthenticationException>();
        using var client = await SignInAsync(_server, "refused");
        client.IsAuthenticated.Should().BeTrue();
    }

    [Fact]
    public async Task The_tls_port_speaks_tls_from_the_first_byte_under_a_certificate_only_the_test_trusts()
    {
        _server.AddUser("tls", Password);

        using (var untrusting = new ImapClient { Timeout = 15_000 })
        {
            var act = () => untrusting.ConnectAsync(_server.Host, _server.TlsPort, SecureSocketOptions.SslOnConnect);
            await act.Should().ThrowAsync<SslHandshakeException>();
        }

        using var expected = X509Certificate2.CreateFromPem(_server.CertificatePem);
        using var client = new ImapClient
        {
            Timeout = 15_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expected.Thumbprint,
        };
        await client.ConnectAsync(_server.Host, _server.TlsPort, SecureSocketOptions.SslOnConnect);
        client.IsSecure.Should().BeTrue();
        await client.AuthenticateAsync("tls", Password);
        client.IsAuthenticated.Should().BeTrue();
    }

    [Fact]
    public async Task A_stopped_server_refuses_connections_and_serves_the_same_mail_once_started_again()
    {
        var server = DovecotServer.Started();
        var directory = server.Directory;
        try
        {
            server.AddUser("restart", Password);
            server.Deliver("restart", "INBOX", Message("Before"));
            using var client = await SignInAsync(server, "restart");
            await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
            var uidValidity = client.Inbox.UidValidity;

            server.Stop();
            server.IsRunning.Should().BeFalse();
            var noop = () => client.NoOpAsync();
            await noop.Should().ThrowAsync<Exception>("the session died with the server");
            var connect = () => SignInAsync(server, "restart");
            await connect.Should().ThrowAsync<SocketException>();

            server.Start();
            server.IsRunning.Should().BeTrue();
            using var again = await SignInAsync(server, "restart");
            (await SummariesAsync(again.Inbox)).Select(m => (m.UniqueId.Id, m.Envelope!.Subject)).Should().Equal((1u, "Before"));
            again.Inbox.UidValidity.Should().Be(uidValidity);
        }
        finally
        {
            server.Dispose();
        }
        server.IsRunning.Should().BeFalse();
        Directory.Exists(directory).Should().BeFalse();
    }

    [Fact]
    public void A_server_that_cannot_start_says_why()
    {
        using var server = new DovecotServer();
        using var squatter = new TcpListener(IPAddress.Loopback, server.TlsPort);
        squatter.Start();

        var act = server.Start;

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("*dovecot-imapd*").WithMessage($"*127.0.0.1:{server.TlsPort}*").WithMessage("*Address already in use*");
        server.IsRunning.Should().BeFalse();
    }

    [Theory]
    [InlineData("INBOX")]
    [InlineData("Sent")]
    public async Task Resetting_the_uid_validity_gives_the_folder_a_new_one_and_numbers_its_mail_again(string folderName)
    {
        var user = "renumbered-" + folderName.ToLowerInvariant();
        _server.AddUser(user, Password);
        _server.Deliver(user, folderName, Message("First"));
        _server.Deliver(user, folderName, Message("Second"));
        uint before;
        using (var client = await SignInAsync(_server, user))
        {
            var folder = await client.GetFolderAsync(folderName);
            await folder.OpenAsync(FolderAccess.ReadWrite);
            before = folder.UidValidity;
            await folder.AddFlagsAsync(new UniqueId(1), MessageFlags.Deleted, silent: true);
            await folder.ExpungeAsync();
            var left = await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope);
            left.Select(m => (m.UniqueId.Id, m.Envelope!.Subject)).Should().Equal((2u, "Second"));
        }

        _server.ResetUidValidity(user, folderName);

        using (var client = await SignInAsync(_server, user))
        {
            var folder = await client.GetFolderAsync(folderName);
            await folder.StatusAsync(StatusItems.UidValidity);
            folder.UidValidity.Should().NotBe(before, "STATUS sees the new UIDVALIDITY");
            var summaries = await SummariesAsync(folder);
            folder.UidValidity.Should().BeGreaterThan(before, "SELECT sees the new UIDVALIDITY");
            summaries.Select(m => (m.UniqueId.Id, m.Envelope!.Subject)).Should().Equal((1u, "Second"));
        }
    }

    [Fact]
    public async Task A_folder_deleted_on_the_server_is_gone_for_open_and_new_sessions()
    {
        _server.AddUser("deleted", Password);
        _server.Deliver("deleted", "Sent", Message("Sent one"));
        using var client = await SignInAsync(_server, "deleted");
        var sent = client.GetFolder(SpecialFolder.Sent)!;

        _server.DeleteFolder("deleted", "Sent");

        // A session that listed the folder before: dovecot 2.3 answers SELECT with a plain NO, without the [NONEXISTENT]
        // code that MailKit would turn into FolderNotFoundException.
        var open = () => sent.OpenAsync(FolderAccess.ReadOnly);
        (await open.Should().ThrowAsync<ImapCommandException>()).Which.Message.Should().Contain("Mailbox doesn't exist");
        // A session that looks for it afresh.
        using var later = await SignInAsync(_server, "deleted");
        later.GetFolder(SpecialFolder.Sent).Should().BeNull();
        var get = () => later.GetFolderAsync("Sent");
        await get.Should().ThrowAsync<FolderNotFoundException>();
        (await SummariesAsync(later.Inbox)).Should().BeEmpty();
    }
}
