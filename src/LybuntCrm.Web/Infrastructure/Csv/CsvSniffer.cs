namespace LybuntCrm.Web.Infrastructure.Csv;

/// <summary>The first rows of a file as read with some encoding and delimiter.</summary>
public sealed record CsvPreview(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows, bool HasDataRows);

/// <summary>Guesses the delimiter and reads the header and a few rows, without reading the whole file.</summary>
public static class CsvSniffer
{
    public static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>The candidate delimiter that occurs most often outside quotes in the first line; comma on a tie.</summary>
    public static char DetectDelimiter(TextReader reader)
    {
        var counts = new int[Delimiters.Length];
        var quoted = false;
        var seen = 0;
        int c;
        while ((c = reader.Read()) != -1 && seen++ < 1 << 16)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r') && counts.Any(n => n > 0)) break;
            else if (!quoted)
            {
                var i = Array.IndexOf(Delimiters, (char)c);
                if (i >= 0) counts[i]++;
            }
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
            if (counts[i] > counts[best]) best = i;
        return Delimiters[best];
    }

    public static char DetectDelimiter(string path, string encoding)
    {
        using var reader = CsvEncoding.OpenReader(File.OpenRead(path), encoding);
        return DetectDelimiter(reader);
    }

    public static CsvPreview Preview(string path, string encoding, char delimiter, int rows = 5)
    {
        using var reader = new CsvRowReader(CsvEncoding.OpenReader(File.OpenRead(path), encoding), delimiter);
        if (!reader.Read()) return new CsvPreview([], [], false);
        var headers = reader.Fields.Select(h => h.Trim()).ToList();
        var sample = new List<IReadOnlyList<string>>();
        var any = false;
        while (sample.Count < rows && reader.Read())
        {
            any = true;
            sample.Add(reader.Fields.ToList());
        }
        return new CsvPreview(headers, sample, any);
    }
}
