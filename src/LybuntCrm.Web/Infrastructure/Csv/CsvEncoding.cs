using System.Globalization;
using System.Text;

namespace LybuntCrm.Web.Infrastructure.Csv;

/// <summary>What <see cref="CsvEncoding.Detect"/> found out about a file's bytes.</summary>
/// <param name="Name">The encoding to use (one of <see cref="CsvEncoding.Offered"/>).</param>
/// <param name="HasBom">The file starts with a byte-order mark, so the encoding is certain.</param>
/// <param name="IsValidUtf8">The bytes are valid UTF-8; when false the name is a guess among the Windows code pages.</param>
/// <param name="IsEmpty">The file has no bytes (or only a byte-order mark).</param>
public sealed record EncodingGuess(string Name, bool HasBom, bool IsValidUtf8, bool IsEmpty);

/// <summary>Encodings an import file may use, and how to tell them apart.</summary>
public static class CsvEncoding
{
    public const string Utf8 = "utf-8";
    public const string Utf16 = "utf-16";
    public const string Utf16BigEndian = "utf-16BE";
    public const string Windows1252 = "windows-1252";
    public const string Windows1258 = "windows-1258";
    public const string Windows1256 = "windows-1256";

    static CsvEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encodings an admin can choose, with a label.</summary>
    public static IReadOnlyList<(string Name, string Label)> Offered { get; } =
    [
        (Utf8, "UTF-8"),
        (Utf16, "UTF-16 (little-endian)"),
        (Utf16BigEndian, "UTF-16 (big-endian)"),
        (Windows1252, "Windows-1252 (Western European)"),
        (Windows1258, "Windows-1258 (Vietnamese)"),
        (Windows1256, "Windows-1256 (Arabic, Persian)"),
    ];

    public static bool IsOffered(string? name) => Offered.Any(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static Encoding Get(string name) => name.ToLowerInvariant() switch
    {
        "utf-8" => new UTF8Encoding(false),
        "utf-16" => new UnicodeEncoding(false, false),
        "utf-16be" => new UnicodeEncoding(true, false),
        _ => Encoding.GetEncoding(name),
    };

    /// <summary>A reader that decodes with the given encoding, skipping a byte-order mark if there is one.</summary>
    public static StreamReader OpenReader(Stream stream, string encodingName) =>
        new(stream, Get(encodingName), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: false);

    /// <summary>
    /// Byte-order marks decide UTF-8 and UTF-16. Without one, the whole stream is checked for valid UTF-8 (fast, streaming);
    /// when it is not, the Windows code page that makes the most sense of the high bytes is suggested.
    /// </summary>
    public static EncodingGuess Detect(Stream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var read = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        head = head[..read];
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new EncodingGuess(Utf8, true, true, read == 3 && stream.ReadByte() == -1);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return new EncodingGuess(Utf16, true, false, read == 2);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return new EncodingGuess(Utf16BigEndian, true, false, read == 2);
        if (read == 0) return new EncodingGuess(Utf8, false, true, true);

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 8];
        var sample = new MemoryStream();
        head.CopyTo(bytes);
        var count = read;
        var valid = true;
        while (true)
        {
            var n = count == 0 ? stream.Read(bytes, 0, bytes.Length) : count;
            count = 0;
            var last = n == 0;
            if (sample.Length < 1 << 16) sample.Write(bytes, 0, Math.Min(n, (1 << 16) - (int)sample.Length));
            try
            {
                decoder.GetChars(bytes, 0, n, chars, 0, flush: last);
            }
            catch (DecoderFallbackException)
            {
                valid = false;
                break;
            }
            if (last) break;
        }
        if (valid) return new EncodingGuess(Utf8, false, true, false);
        // Keep sampling for the code page guess.
        while (sample.Length < 1 << 16)
        {
            var n = stream.Read(bytes, 0, bytes.Length);
            if (n == 0) break;
            sample.Write(bytes, 0, Math.Min(n, (1 << 16) - (int)sample.Length));
        }
        return new EncodingGuess(GuessCodePage(sample.ToArray()), false, false, false);
    }

    /// <summary>
    /// Persian and Arabic text in Windows-1256 decodes almost entirely to Arabic letters; Vietnamese in Windows-1258
    /// uses combining tone marks right after a letter; anything else is taken as Windows-1252.
    /// </summary>
    public static string GuessCodePage(byte[] sample)
    {
        var high = sample.Count(b => b >= 0x80);
        if (high == 0) return Windows1252;
        // Arabic letters wedged between Latin letters ("Nha\u0645 sa\u0641ch") mean the bytes were something else.
        var asArabic = Get(Windows1256).GetString(sample);
        var arabic = 0;
        for (var i = 0; i < asArabic.Length; i++)
        {
            if (asArabic[i] is < '\u0600' or > '\u06FF') continue;
            var latinNeighbour = (i > 0 && char.IsAsciiLetter(asArabic[i - 1])) || (i + 1 < asArabic.Length && char.IsAsciiLetter(asArabic[i + 1]));
            if (!latinNeighbour) arabic++;
        }
        if (arabic * 2 >= high) return Windows1256;
        var vietnamese = Get(Windows1258).GetString(sample);
        var marks = 0;
        for (var i = 1; i < vietnamese.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(vietnamese[i]) == UnicodeCategory.NonSpacingMark && char.IsLetter(vietnamese[i - 1])) marks++;
        }
        var vietLetters = vietnamese.Count(c => c is 'Ă' or 'ă' or 'Ơ' or 'ơ' or 'Ư' or 'ư' or 'Đ' or 'đ' or '₫');
        return marks + vietLetters > 0 && (marks + vietLetters) * 3 >= high ? Windows1258 : Windows1252;
    }
}
