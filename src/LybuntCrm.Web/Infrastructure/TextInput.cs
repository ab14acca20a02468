using System.Globalization;
using System.Text;

namespace LybuntCrm.Web.Infrastructure;

/// <summary>Cleans text typed or imported by users: Unicode NFC, trimmed, no control or bidirectional-override characters.</summary>
public static class TextInput
{
    /// <summary>True when the text holds control characters (other than tab and line breaks) or bidi overrides/isolates.</summary>
    public static bool HasForbiddenCharacters(string? text) => text is not null && text.Any(IsForbidden);

    public static string? Clean(string? text, bool multiline = false)
    {
        if (text is null) return null;
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormC))
        {
            if (IsForbidden(ch)) continue;
            if (!multiline && ch is '\r' or '\n' or '\t') { sb.Append(' '); continue; }
            sb.Append(ch);
        }
        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>
    /// Text of several lines (a postal address): cleaned as <see cref="Clean"/>, each line trimmed, empty lines dropped and
    /// lines joined with a plain line feed, so the same address typed in a browser or a CSV file is stored the same way.
    /// </summary>
    public static string? Lines(string? text)
    {
        var cleaned = Clean(text, multiline: true);
        if (cleaned is null) return null;
        var lines = cleaned.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? null : string.Join('\n', lines);
    }

    private static bool IsForbidden(char ch) =>
        ch is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069'
        || (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Control && ch is not ('\t' or '\r' or '\n'));
}
