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
        HeaderId.ListUnsubscribe, HeaderId.ListId, HeaderId.Precedence,
    ];

    /// <summary>Auto-Submitted has no <see cref="HeaderId"/> of its own in every MimeKit version; fetched by name.</summary>
    public const string AutoSubmitted = "Auto-Submitted";

    public IEnumerable<string> Addresses => From.Concat(Recipients);

    public static SyncedMessage Read(UniqueId uid, HeaderList headers)
    {
        var from = AddressesOf(headers, HeaderId.From);
        if (from.Count == 0) from = AddressesOf(headers, HeaderId.Sender);
        var recipients = AddressesOf(headers, HeaderId.To).Concat(AddressesOf(headers, HeaderId.Cc)).Concat(AddressesOf(headers, HeaderId.Bcc))
            .Except(from).Distinct().ToList();
        var rawDate = headers[HeaderId.Date];
        DateTimeOffset? date = rawDate is not null && DateUtils.TryParse(rawDate, out var parsed) ? parsed : null;
        var subject = Clean(headers[HeaderId.Subject], SubjectMaxLength);
        var precedence = headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        var autoSubmitted = headers[AutoSubmitted]?.Trim();
        var isBulk = headers.Contains(HeaderId.ListUnsubscribe) || headers.Contains(HeaderId.ListId)
            || precedence is "bulk" or "list" or "junk"
            || (!string.IsNullOrEmpty(autoSubmitted) && !autoSubmitted.StartsWith("no", StringComparison.OrdinalIgnoreCase));
        return new SyncedMessage(uid, KeyOf(headers[HeaderId.MessageId], from, rawDate, subject), from, recipients, date, subject, isBulk);
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
