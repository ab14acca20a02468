using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>Hands messages to the mail system; one instance serves one run of the sender.</summary>
public interface IMailTransport : IAsyncDisposable
{
    /// <summary>Sends one message; a failure is a <see cref="MailDeliveryException"/>.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

public interface IMailTransportFactory
{
    /// <summary>The app's own way out: its SMTP server, or .eml files.</summary>
    IMailTransport Open();

    /// <summary>A manager's own outgoing server, for what they write in the app.</summary>
    IMailTransport Open(OutgoingServer server);

    /// <summary>Connects and signs in once (before settings are saved); throws what went wrong, unwrapped, for classifying.</summary>
    Task TestAsync(OutgoingServer server, CancellationToken ct);

    /// <summary>Where mail goes, for the admin page in the reader's language: the SMTP host or the .eml folder.</summary>
    string Describe(IStringLocalizer t);
}

/// <summary>A delivery failure. Permanent ones (SMTP 5xx) are not retried; the rest are retried with backoff.</summary>
public sealed class MailDeliveryException(string message, bool permanent, bool connectionLost = false, Exception? inner = null,
    string? bounceReason = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
    /// <summary>The server could not be reached or the connection broke: the rest of the batch waits too.</summary>
    public bool ConnectionLost { get; } = connectionLost;
    /// <summary>
    /// Set when the server refused the recipient or the message for good (5xx): the address bounces. Its words, e.g.
    /// "550 5.1.1 No such user". Not set for a refused sender, which is the app's problem, not the address's.
    /// </summary>
    public string? BounceReason { get; } = bounceReason;
}

public sealed class MailTransportFactory(IOptions<SmtpOptions> options, IConfiguration configuration, IHostEnvironment environment,
    ILoggerFactory loggers) : IMailTransportFactory
{
    public IMailTransport Open() => options.Value.HasHost
        ? new SmtpMailTransport(options.Value, loggers.CreateLogger<SmtpMailTransport>())
        : new EmlFileTransport(MailDirectory());

    public IMailTransport Open(OutgoingServer server) => new SmtpMailTransport(server.ToOptions(), loggers.CreateLogger<SmtpMailTransport>());

    public async Task TestAsync(OutgoingServer server, CancellationToken ct)
    {
        using var client = await SmtpMailTransport.ConnectAsync(server.ToOptions(), ct);
        await client.DisconnectAsync(true, ct);
    }

    public string Describe(IStringLocalizer t) => options.Value.HasHost
        ? t["the SMTP server {0}", options.Value]
        : t[".eml files in {0}", MailDirectory()];

    private string MailDirectory() => Path.Combine(Database.DataDirectory(configuration, environment), "mail");
}

/// <summary>Sends through an SMTP server with MailKit, reusing one connection for the whole run.</summary>
public sealed class SmtpMailTransport(SmtpOptions options, ILogger<SmtpMailTransport> logger) : IMailTransport
{
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var client = await ConnectedClientAsync(ct);
        try
        {
            await client.SendAsync(message, ct);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var permanent = code >= 500;
            var bounce = permanent && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted
                ? $"{code} {e.Message.Trim()}"
                : null;
            throw new MailDeliveryException(OutboxErrors.Format(OutboxErrors.ServerRefused, code, e.Message.Trim()), permanent, inner: e,
                bounceReason: bounce);
        }
        catch (Exception e) when (IsConnectionProblem(e, ct))
        {
            await DropAsync();
            throw new MailDeliveryException(OutboxErrors.Format(OutboxErrors.ConnectionBroke, e.Message), permanent: false, connectionLost: true,
                inner: e);
        }
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true }) return _client;
        await DropAsync();
        try
        {
            _client = await ConnectAsync(options, ct);
            return _client;
        }
        catch (Exception e) when (e is AuthenticationException or SmtpCommandException or NotSupportedException || IsConnectionProblem(e, ct))
        {
            logger.LogWarning("Could not connect to the mail server {Host}:{Port}: {Error}", options.Host, options.EffectivePort, e.Message);
            throw new MailDeliveryException(OutboxErrors.Format(OutboxErrors.CouldNotConnect, $"{options.Host}:{options.EffectivePort}", e.Message),
                permanent: false, connectionLost: true, inner: e);
        }
    }

    /// <summary>Connects and signs in when a user name is set; the caller disposes the client. Failures are thrown as they come.</summary>
    public static async Task<SmtpClient> ConnectAsync(SmtpOptions options, CancellationToken ct)
    {
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = options.ParsedSecurity switch
            {
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(options.Host!.Trim(), options.EffectivePort, security, ct);
            if (!string.IsNullOrEmpty(options.User))
                await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static bool IsConnectionProblem(Exception e, CancellationToken ct) =>
        e is IOException or SocketException or SmtpProtocolException or SslHandshakeException or TimeoutException
            or ServiceNotConnectedException
        || (e is OperationCanceledException && !ct.IsCancellationRequested);

    private async Task DropAsync()
    {
        if (_client is null) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(true);
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The connection is already gone; nothing to tidy.
        }
        _client.Dispose();
        _client = null;
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}

/// <summary>The embedded default: each message becomes <c>{DataDirectory}/mail/{message-id}.eml</c>.</summary>
public sealed class EmlFileTransport(string directory) : IMailTransport
{
    public string Directory { get; } = directory;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = FileName(message.MessageId);
        var path = Path.Combine(Directory, name);
        var temp = path + ".tmp";
        await message.WriteToAsync(temp, ct);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A file name from the Message-ID, so writing the same message twice leaves one file.</summary>
    public static string FileName(string? messageId)
    {
        var id = string.IsNullOrEmpty(messageId) ? Guid.NewGuid().ToString("N") : messageId;
        var safe = new string(id.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' or '_' ? ch : '_').ToArray());
        return safe + ".eml";
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
