using System.Security.Cryptography;
using System.Text;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Email;
using MailKit;
using MimeKit;
using MimeKit.Utils;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>What the sync needs of one message, read from its headers alone (the body is fetched only when it matches).</summary>
public sealed record SyncedMessage(UniqueId Uid, string Key, IReadOnlyList<string> From, IReadOnlyList<string> Recipients,
    DateTimeOffset? Date, string Subject, bool IsBulk)
{
    public const int SubjectMaxLength = 300;
    public const int KeyMaxLength = 200;

    /// <summary>The headers fetched for every message.</summary>
    public static readonly HeaderId[] Headers =
    [
        HeaderId.From, HeaderId.Sender, HeaderId.To, HeaderId.Cc, HeaderId.Bcc, HeaderId.Date, HeaderId.Subject, HeaderId.MessageId,
        HeaderId.ListUnsubscribe, HeaderId.ListId, HeaderId.Precedence, HeaderId.ContentType,
    ];

    /// <summary>Auto-Submitted has no <see cref="HeaderId"/> of its own in every MimeKit version; fetched by name.</summary>
    public const string AutoSubmitted = "Auto-Submitted";

    public IEnumerable<string> Addresses => From.Concat(Recipients);

    /// <summary>A delivery-status notification: about our mail, never with a client (read for bounces, never logged as a touch).</summary>
    public bool IsDeliveryReport { get; init; }

    public static SyncedMessage Read(UniqueId uid, HeaderList headers)
    {
        var from = AddressesOf(headers, HeaderId.From);
        if (from.Count == 0) from = AddressesOf(headers, HeaderId.Sender);
        var recipients = AddressesOf(headers, HeaderId.To).Concat(AddressesOf(headers, HeaderId.Cc)).Concat(AddressesOf(headers, HeaderId.Bcc));
        var rawDate = headers[HeaderId.Date];
        DateTimeOffset? date = rawDate is not null && DateUtils.TryParse(rawDate, out var parsed) ? parsed : null;
        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        var autoSubmitted = headers[AutoSubmitted]?.Trim();
        var isBulk = headers.Contains(HeaderId.ListUnsubscribe) || headers.Contains(HeaderId.ListId)
            || precedence is "bulk" or "list" or "junk"
            || (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase));
        return Create(uid, headers[HeaderId.MessageId], from, recipients, rawDate, date, headers[HeaderId.Subject], isBulk)
            with
        { IsDeliveryReport = DeliveryReport.IsReport(headers[HeaderId.ContentType]) };
    }

    /// <summary>A message forwarded as an attachment, read from the envelope the server gives for it.</summary>
    public static SyncedMessage FromEnvelope(UniqueId uid, Envelope envelope)
    {
        static IEnumerable<string> Of(InternetAddressList list) => list.Mailboxes.Select(m => EmailAddresses.Normalize(m.Address)).OfType<string>();
        return Create(uid, envelope.MessageId, Of(envelope.From).Distinct().ToList(), Of(envelope.To).Concat(Of(envelope.Cc)).Concat(Of(envelope.Bcc)),
            envelope.Date?.ToString("R", System.Globalization.CultureInfo.InvariantCulture), envelope.Date, envelope.Subject, isBulk: false);
    }

    /// <summary>A message forwarded in its text: the client's address is the one in the forwarded header block.</summary>
    public SyncedMessage ForwardedFrom(string sender) =>
        this with { From = [sender], Recipients = [], Subject = WithoutForwardPrefix(Subject) };

    private static SyncedMessage Create(UniqueId uid, string? messageId, List<string> from, IEnumerable<string> recipients, string? rawDate,
        DateTimeOffset? date, string? subject, bool isBulk)
    {
        var cleanSubject = Clean(subject, SubjectMaxLength);
        return new SyncedMessage(uid, KeyOf(messageId, from, rawDate, cleanSubject), from, recipients.Except(from).Distinct().ToList(), date,
            cleanSubject, isBulk);
    }

    /// <summary>The key a message with this Message-ID gets when a sync reads it: a message the app sent is logged under it at once.</summary>
    public static string KeyForMessageId(string messageId) => KeyOf(messageId, [], null, "");

    private static string WithoutForwardPrefix(string subject)
    {
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and <= 4 && subject[..colon].Trim().ToLowerInvariant() is "fw" or "fwd" or "tr" or "wg" or "rv" or "ps"
            ? subject[(colon + 1)..].Trim()
            : subject;
    }

    /// <summary>
    /// The same message in several folders or mailboxes has one key: its Message-ID, or when it has none a hash of its
    /// sender, date and subject.
    /// </summary>
    private static string KeyOf(string? messageId, IReadOnlyList<string> from, string? rawDate, string subject)
    {
        var id = messageId is null ? null : Clean(MimeUtils.ParseMessageId(messageId) ?? messageId, int.MaxValue);
        if (!string.IsNullOrEmpty(id))
            return id.Length + 4 <= KeyMaxLength ? "mid:" + id : "mid#" + Hash(id);
        return "hash:" + Hash(string.Join(',', from) + "\n" + rawDate?.Trim() + "\n" + subject);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static List<string> AddressesOf(HeaderList headers, HeaderId id)
    {
        var result = new List<string>();
        foreach (var header in headers.Where(h => h.Id == id))
        {
            if (!InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list)) continue;
            foreach (var mailbox in list.Mailboxes)
            {
                if (EmailAddresses.Normalize(mailbox.Address) is { } address && !result.Contains(address)) result.Add(address);
            }
        }
        return result;
    }

    private static string Clean(string? text, int maxLength)
    {
        try
        {
            return MailAddressRules.CleanHeaderText(text, maxLength);
        }
        catch (ArgumentException)
        {
            // Text that cannot be normalized (broken surrogates from a bad encoding): keep what is printable.
            return MailAddressRules.CleanHeaderText(new string((text ?? "").Where(ch => !char.IsSurrogate(ch)).ToArray()), maxLength);
        }
    }
}
