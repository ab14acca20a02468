using System.Globalization;
using MimeKit;

namespace LybuntCrm.Web.Infrastructure.Email;

/// <summary>
/// Keeps header values safe: an address must be one plain mailbox with no control characters or whitespace;
/// display names and subjects lose CR, LF and every other control or bidi-override character.
/// </summary>
public static class MailAddressRules
{
    public const int MaxAddressLength = 254;

    /// <summary>True when the text is exactly one mailbox address (no name, no list, no control characters).</summary>
    public static bool IsValidAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > MaxAddressLength) return false;
        foreach (var ch in address)
        {
            if (char.IsWhiteSpace(ch) || char.IsControl(ch) || ch is '<' or '>' or ',' or ';' or '"' or '(' or ')' or '\\') return false;
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) return false;
        }
        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at == address.Length - 1) return false;
        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var parsed)) return false;
        return string.Equals(parsed.Address, address, StringComparison.Ordinal);
    }

    /// <summary>A display name or subject made safe for one header line.</summary>
    public static string CleanHeaderText(string? text, int maxLength = 200)
    {
        var cleaned = TextInput.Clean(text) ?? "";
        // TextInput.Clean keeps nothing below U+0020 on one line; also drop other line and paragraph separators.
        cleaned = string.Join(' ', cleaned.Split([" ", "\u2028", "\u2029", "\u0085"], StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length > maxLength ? cleaned[..maxLength].TrimEnd() : cleaned;
    }

    /// <summary>The mailbox for a header; throws when the address is not safe to use.</summary>
    public static MailboxAddress Mailbox(string? name, string address)
    {
        if (!IsValidAddress(address)) throw new InvalidMailAddressException(address);
        return new MailboxAddress(CleanHeaderText(name), address);
    }

    /// <summary>Parses <c>Smtp:From</c>, written as <c>name@host</c> or <c>Name &lt;name@host&gt;</c>.</summary>
    public static MailboxAddress ParseFrom(string from)
    {
        if (from.Any(char.IsControl) || !MailboxAddress.TryParse(ParserOptions.Default, from, out var parsed))
            throw new InvalidOperationException("Smtp:From is not a valid email address.");
        return Mailbox(parsed.Name, parsed.Address);
    }
}

public sealed class InvalidMailAddressException(string address)
    : Exception(OutboxErrors.Format(OutboxErrors.NotAnAddress, Printable(address)))
{
    private static string Printable(string text) =>
        new(text.Take(100).Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
}
