using System.Text;
using LybuntCrm.IntegrationTests.Imap;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LybuntCrm.IntegrationTests.Features.Mailboxes;

/// <summary>Builders for the mailbox sync tests: mailboxes on the test IMAP server, messages, and the sync itself.</summary>
internal static class MailboxSyncSeed
{
    public const string Password = "imap-secret-4711";

    public static Task<int> MailboxAsync(CrmApp app, DovecotServer server, string? userId, string imapUser,
        MailSecurity security = MailSecurity.None, string password = Password, params string[] folders) =>
        app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>();
            var mailbox = new Mailbox
            {
                UserId = userId,
                Host = server.Host,
                Port = security == MailSecurity.SslOnConnect ? server.TlsPort : server.Port,
                Security = security,
                UserName = imapUser,
                ProtectedPassword = sp.GetRequiredService<MailboxPasswords>().Protect(password),
                CreatedAtUtc = DateTime.UtcNow,
            };
            foreach (var folder in folders.Length == 0 ? ["INBOX", "Sent"] : folders) mailbox.Folders.Add(new MailboxFolder { Name = folder });
            db.Mailboxes.Add(mailbox);
            await db.SaveChangesAsync();
            return mailbox.Id;
        });

    public static Task<MailboxSync.Result> SyncAsync(CrmApp app, int mailboxId) =>
        app.WithServicesAsync(sp => sp.GetRequiredService<MailboxSync>().SyncAsync(mailboxId, CancellationToken.None));

    public static Task<List<Touchpoint>> SyncedTouchesAsync(CrmApp app, int? clientId = null) =>
        app.WithDbAsync(db => db.Touchpoints.AsNoTracking()
            .Where(t => t.Source == TouchpointSource.Mailbox && (clientId == null || t.ClientId == clientId))
            .OrderBy(t => t.Id).ToListAsync());

    public static Task<Mailbox> HealthAsync(CrmApp app, int mailboxId) =>
        app.WithDbAsync(db => db.Mailboxes.AsNoTracking().Include(m => m.Folders).SingleAsync(m => m.Id == mailboxId));

    public static MimeMessage Message(string from, string to, string subject, DateTimeOffset? date, string text = "Hello, how are you?",
        string? messageId = "auto", string? cc = null)
    {
        var message = new MimeMessage();
        message.From.Add(InternetAddress.Parse(from));
        message.To.Add(InternetAddress.Parse(to));
        if (cc is not null) message.Cc.Add(InternetAddress.Parse(cc));
        message.Subject = subject;
        if (date is { } d) message.Date = d;
        else message.Headers.Remove(HeaderId.Date);
        if (messageId == "auto") message.MessageId = Guid.NewGuid().ToString("N") + "@mail.example";
        else if (messageId is null) message.Headers.Remove(HeaderId.MessageId);
        else message.MessageId = messageId;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    public static byte[] Raw(string text) => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"));
}
