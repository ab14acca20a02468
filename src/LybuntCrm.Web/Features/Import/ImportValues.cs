using System.Globalization;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.Web.Features.Import;

/// <summary>Turns the text of one cell into a value, or into a plain message saying what is wrong with it.</summary>
public static class ImportValues
{
    /// <summary>Cleans text (NFC, trimmed, control and bidi-override characters removed). <paramref name="removed"/> tells whether any were.</summary>
    public static string? Text(string? raw, out bool removed, bool multiline = false)
    {
        // Fast path for the common case: printable ASCII without surrounding spaces is already clean.
        if (raw is { Length: > 0 } && raw[0] != ' ' && raw[^1] != ' ' && !raw.AsSpan().ContainsAnyExceptInRange((char)0x20, (char)0x7E))
        {
            removed = false;
            return raw;
        }
        removed = TextInput.HasForbiddenCharacters(raw);
        return TextInput.Clean(raw, multiline);
    }

    public static bool TryDate(string text, string format, out DateOnly date, out string? error)
    {
        error = null;
        if (DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        // Accept the other usual separators for the same field order, and single-digit days and months.
        var order = format.Replace('/', '-').Replace('.', '-');
        foreach (var candidate in new[] { order, order.Replace("dd", "d").Replace("MM", "M") })
        {
            var normalised = text.Replace('/', '-').Replace('.', '-');
            if (DateOnly.TryParseExact(normalised, candidate, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        }
        if (text.Length is >= 4 and <= 6 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            error = ImportMessages.Format(ImportMessages.SerialNumberDate, text, format);
        else if (LooksLikeFormat(text, format))
            error = ImportMessages.Format(ImportMessages.NotARealDate, text);
        else
            error = ImportMessages.Format(ImportMessages.NotADate, text, format);
        return false;
    }

    private static bool LooksLikeFormat(string text, string format)
    {
        if (text.Length != format.Length) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var f = format[i];
            if (char.IsLetter(f) ? !char.IsAsciiDigit(text[i]) : text[i] != f) return false;
        }
        return true;
    }

    public static bool TryAmount(string text, CultureInfo culture, out decimal amount, out string? error)
    {
        error = null;
        var compact = text.AsSpan().ContainsAny(' ', '\u00A0', '\u202F') ? text.Replace(" ", "").Replace("\u00A0", "").Replace("\u202F", "") : text;
        if (decimal.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands,
                culture, out amount))
        {
            amount = decimal.Round(amount, 2);
            return true;
        }
        error = culture.NumberFormat.NumberDecimalSeparator == ","
            ? ImportMessages.Format(ImportMessages.NotAnAmountComma, text)
            : ImportMessages.Format(ImportMessages.NotAnAmountPoint, text);
        return false;
    }

    public static bool TryChannel(string text, out Channel channel)
    {
        if (Enum.TryParse(text, ignoreCase: true, out channel) && Enum.IsDefined(channel) && !int.TryParse(text, out _)) return true;
        switch (ImportFields.NormaliseHeader(text))
        {
            case "call": case "telephone": case "tel": case "mobile": channel = Channel.Phone; return true;
            case "mail": case "email": channel = Channel.Email; return true;
            case "note": case "card": case "post": case "letternote": channel = Channel.Letter; return true;
            case "visit": case "inperson": case "meet": channel = Channel.Meeting; return true;
            default: return false;
        }
    }

    public static bool TryStatus(string text, out PurchaseStatus status)
    {
        switch (ImportFields.NormaliseHeader(text))
        {
            case "completed": case "complete": case "paid": case "done": case "closed": status = PurchaseStatus.Completed; return true;
            case "cancelled": case "canceled": case "void": case "voided": case "refunded": status = PurchaseStatus.Cancelled; return true;
            default: status = default; return false;
        }
    }

    /// <summary>Emails are compared trimmed and lower-case.</summary>
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string email) =>
        email.Length <= 254 && email.IndexOf('@') is > 0 and var at && at == email.LastIndexOf('@') && at < email.Length - 1
        && !email.Any(char.IsWhiteSpace) && email[(at + 1)..].Contains('.');
}
