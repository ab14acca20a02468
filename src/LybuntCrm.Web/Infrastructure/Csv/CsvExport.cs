using System.Globalization;
using System.Text;

namespace LybuntCrm.Web.Infrastructure.Csv;

/// <summary>
/// Writes CSV (RFC 4180) that is safe to open in a spreadsheet: a text cell starting with = + - @, tab or carriage return is
/// prefixed with an apostrophe so it is never run as a formula (OWASP "CSV injection"). Numbers and dates are written
/// invariantly and are not prefixed, so a negative amount stays a number.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>UTF-8 with a byte order mark, so spreadsheet programs read accents correctly.</summary>
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    /// <summary>A text cell: neutralised against formulas, then quoted when it holds a comma, quote or line break.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return Quote(value);
    }

    public static string Number(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Joins cells already made by <see cref="Text"/>, <see cref="Number"/> or <see cref="Date"/> into one line.</summary>
    public static Task WriteRowAsync(TextWriter writer, params string[] cells) => writer.WriteAsync(string.Join(',', cells) + "\r\n");

    /// <summary>One line of text cells, without the line break.</summary>
    public static string Line(params string?[] values) => string.Join(',', values.Select(Text));

    /// <summary>A header row of plain column names.</summary>
    public static Task WriteHeaderAsync(TextWriter writer, params string[] names) => WriteRowAsync(writer, names.Select(Text).ToArray());

    // A semicolon is quoted too: spreadsheets set to a semicolon-separated locale would split on it.
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",;\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
