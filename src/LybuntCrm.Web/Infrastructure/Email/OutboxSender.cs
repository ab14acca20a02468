using System.Security.Cryptography;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Mailboxes;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LybuntCrm.Web.Infrastructure.Email;

public sealed record OutboxRunResult(int Sent, int Retrying, int Failed, int Reclaimed);

/// <summary>
/// Delivers the outbox. Messages are claimed with one conditional UPDATE, so two senders never take the same one;
/// each is marked sent right after the server accepts it. A claim left by a sender that stopped midway is taken
/// back after <see cref="StaleClaimAfter"/> and counted as a possible duplicate in <c>DeliveryCount</c>.
/// </summary>
public sealed class OutboxSender(CrmDbContext db, IMailTransportFactory transports, IClock clock, IOptions<SmtpOptions> smtp,
    IConfiguration configuration, EmailBounces bounces, MailboxPasswords passwords, OutboxQueue queue, ILogger<OutboxSender> logger)
{
    public const int MaxPerRun = 1000;

    /// <summary>
    /// One way out for this run: the app's server, or a manager's own outgoing server (their mailbox's, From their address).
    /// A connection that broke holds back the rest of that way's messages for this run, not the others'.
    /// </summary>
    private sealed class Route(IMailTransport transport, MailboxAddress from, bool ownServer)
    {
        public IMailTransport Transport { get; } = transport;
        public MailboxAddress From { get; } = from;
        public bool OwnServer { get; } = ownServer;
        public string? ConnectionError { get; set; }
    }

    public async Task<OutboxRunResult> SendPendingAsync(CancellationToken ct = default)
    {
        var reclaimed = await queue.ReclaimStaleAsync(ct);
        int sent = 0, retrying = 0, failed = 0, handled = 0;
        var app = new Route(transports.Open(), Sender(), ownServer: false);
        // A manager's route, opened the first time one of their messages comes up; null: they have no outgoing server.
        var own = new Dictionary<string, Route?>(StringComparer.Ordinal);
        try
        {
            while (handled < MaxPerRun)
            {
                var batch = await queue.ClaimAsync(OutboxChannel.Email, ct);
                if (batch.Count == 0) break;
                handled += batch.Count;
                await OpenOwnRoutesAsync(batch, own, ct);
                foreach (var email in batch)
                {
                    var route = email.SentByUserId is { } author && own.GetValueOrDefault(author) is { } theirs ? theirs : app;
                    if (route.ConnectionError is not null)
                    {
                        if (await queue.RetryLaterAsync(email, route.ConnectionError, ct)) retrying++;
                        else failed++;
                        continue;
                    }
                    try
                    {
                        var message = Build(email, route.From, route.OwnServer);
                        await route.Transport.SendAsync(message, ct);
                        await queue.MarkSentAsync(email, ct);
                        sent++;
                    }
                    catch (InvalidMailAddressException e)
                    {
                        await queue.FailAsync(email, e.Message, ct);
                        failed++;
                    }
                    catch (MailDeliveryException e) when (e.Permanent)
                    {
                        logger.LogWarning("Message {Id} was refused: {Error}", email.Id, e.Message);
                        await RefusedAsync(email, e, ct);
                        failed++;
                    }
                    catch (MailDeliveryException e)
                    {
                        if (e.ConnectionLost) route.ConnectionError = e.Message;
                        if (await queue.RetryLaterAsync(email, e.Message, ct)) retrying++;
                        else failed++;
                    }
                }
                // The app's server is gone: the rest of the queue waits for the next run rather than being claimed to wait.
                if (app.ConnectionError is not null) break;
            }
        }
        finally
        {
            await app.Transport.DisposeAsync();
            foreach (var route in own.Values.OfType<Route>()) await route.Transport.DisposeAsync();
        }
        if (sent + retrying + failed + reclaimed > 0)
            logger.LogInformation("Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed, {Reclaimed} reclaimed", sent, retrying, failed, reclaimed);
        return new OutboxRunResult(sent, retrying, failed, reclaimed);
    }

    /// <summary>
    /// A refusal for good fails the message at once; when it was about the recipient and the message was written to a
    /// contact, that address is marked as bouncing in the same transaction.
    /// </summary>
    private Task RefusedAsync(OutboundEmail email, MailDeliveryException e, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await queue.FailAsync(email, e.Message, ct);
            if (e.BounceReason is { } reason && email.ContactId is not null)
                await bounces.MarkAsync(email.Recipient, reason, clock.UtcNow, ct);
        }, ct);

    /// <summary>
    /// Looks up, in one query per batch, the outgoing servers of the managers who wrote its messages and have not been
    /// looked up yet in this run. A manager whose saved password can no longer be read sends through the app's server.
    /// </summary>
    private async Task OpenOwnRoutesAsync(List<OutboundEmail> batch, Dictionary<string, Route?> own, CancellationToken ct)
    {
        var authors = batch.Select(e => e.SentByUserId).OfType<string>().Where(id => !own.ContainsKey(id)).Distinct().ToList();
        if (authors.Count == 0) return;
        var servers = await db.Mailboxes.AsNoTracking()
            .Where(m => m.UserId != null && authors.Contains(m.UserId) && m.SmtpHost != null)
            .OrderBy(m => m.Id)
            .Select(m => new
            {
                UserId = m.UserId!,
                Host = m.SmtpHost!,
                m.SmtpPort,
                m.SmtpSecurity,
                m.UserName,
                m.ProtectedPassword,
                m.User!.Email,
                m.User.DisplayName,
            })
            .ToListAsync(ct);
        foreach (var author in authors) own[author] = null;
        foreach (var s in servers)
        {
            if (own[s.UserId] is not null) continue;
            var address = MailAddressRules.IsValidAddress(s.UserName) ? s.UserName : s.Email;
            if (address is null || !MailAddressRules.IsValidAddress(address)) continue;
            string password;
            try
            {
                password = passwords.Unprotect(s.ProtectedPassword);
            }
            catch (CryptographicException)
            {
                logger.LogWarning("The mailbox password of user {UserId} can no longer be read; their messages go through the app's server", s.UserId);
                continue;
            }
            var security = s.SmtpSecurity ?? MailSecurity.StartTls;
            var server = new OutgoingServer(s.Host, s.SmtpPort ?? OutgoingServer.DefaultPort(security), security, s.UserName, password);
            own[s.UserId] = new Route(transports.Open(server), MailAddressRules.Mailbox(s.DisplayName, address), ownServer: true);
        }
    }

    private MailboxAddress Sender()
    {
        var configured = smtp.Value.From;
        if (!string.IsNullOrWhiteSpace(configured)) return MailAddressRules.ParseFrom(configured.Trim());
        return MailAddressRules.Mailbox("LybuntCrm", "no-reply@" + AppAddress.Host(configuration));
    }

    /// <summary>
    /// The MIME message for an outbox row; addresses, names and the subject are checked again here. Through the app's
    /// server a message a manager wrote carries their address as Reply-To; through their own server it is from them.
    /// </summary>
    public MimeMessage Build(OutboundEmail email, MailboxAddress from, bool ownServer = false)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(MailAddressRules.Mailbox(email.RecipientName, email.Recipient));
        if (!ownServer && !string.IsNullOrWhiteSpace(email.ReplyTo)) message.ReplyTo.Add(MailAddressRules.Mailbox(null, email.ReplyTo.Trim()));
        message.Subject = MailAddressRules.CleanHeaderText(email.Subject, 300);
        message.MessageId = email.MessageId;
        message.Date = new DateTimeOffset(DateTime.SpecifyKind(clock.UtcNow, DateTimeKind.Utc));
        // Digests and notices are machine-made; a message a manager wrote is a person's, and its answers should reach them.
        if (email.SentByUserId is null) message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = email.TextBody };
        if (!string.IsNullOrEmpty(email.HtmlBody)) body.HtmlBody = email.HtmlBody;
        message.Body = body.ToMessageBody();
        return message;
    }

}

/// <summary>Every minute: delivers what is waiting in the outbox, emails and Telegram messages.</summary>
public sealed class OutboxSendJob(OutboxSender sender, Features.Telegram.TelegramSender telegram) : ICrmJob
{
    public const string JobId = "outbox-send";

    public async Task RunAsync(CancellationToken ct)
    {
        await sender.SendPendingAsync(ct);
        await telegram.SendPendingAsync(ct);
    }
}

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddCrmEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        services.AddSingleton<IMailTransportFactory, MailTransportFactory>();
        services.AddScoped<Outbox>();
        services.AddScoped<OutboxQueue>();
        services.AddScoped<OutboxSender>();
        services.AddScoped<EmailBounces>();
        services.AddScoped<Features.Digest.DigestBuilder>();
        services.AddSingleton<Features.Digest.DigestLinks>();
        services.AddScoped<Features.Digest.DigestTemplate>();
        return services;
    }
}
