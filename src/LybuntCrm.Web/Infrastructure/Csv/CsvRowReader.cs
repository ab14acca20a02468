using System.Text;
using CsvHelper;

namespace LybuntCrm.Web.Infrastructure.Csv;

/// <summary>
/// A streaming RFC 4180 reader on CsvHelper: quoted values may hold delimiters, doubled quotes and line breaks, and text
/// after a closing quote is kept ("ab"c reads abc). It streams the file; only a quote that is never closed makes CsvHelper
/// hold the rest of the file (within the upload limit) as one record. Such a quote does not swallow the rest of the file:
/// that row gets an error and reading resumes on the line after the one where the quote opened.
/// </summary>
public sealed class CsvRowReader : IDisposable
{
    private const string UnclosedQuote = "A quoted value is never closed.";

    private readonly TextReader _source;
    private readonly CsvReaderOptions _options;
    private readonly List<string> _fields = new(16);
    private CsvReader _csv;
    private bool _unterminated;
    // CsvHelper counts physical lines; a spreadsheet row holds a whole record, line breaks in its quoted values included.
    private long _lineBreaksInValues;
    // Rows before the text the current CsvHelper reader started on (set when reading resumes after an unclosed quote).
    private int _rowsBefore;

    public CsvRowReader(TextReader reader, char delimiter)
    {
        _source = reader;
        _options = CsvReaderOptions.Default with
        {
            Separator = delimiter,
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            OnMalformedRecord = record => _unterminated |= record.Reason == CsvMalformedReason.UnterminatedQuote,
        };
        _csv = CsvReader.Create(reader, _options, leaveOpen: true);
    }

    /// <summary>The values of the last row read.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The spreadsheet row number of the last row read: the header is row 1; blank lines count.</summary>
    public int RowNumber { get; private set; }

    /// <summary>What was wrong with the last row's syntax (an unclosed quote), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads the next row that is not blank; false at the end of the file.</summary>
    public bool Read()
    {
        Error = null;
        _fields.Clear();
        _unterminated = false;
        if (!_csv.Read()) return false;
        RowNumber = _rowsBefore + (int)(_csv.LineNumber - _lineBreaksInValues);
        if (_unterminated)
        {
            ResumeAfterUnclosedQuote();
            return true;
        }
        for (var i = 0; i < _csv.FieldCount; i++) _fields.Add(_csv.GetString(i) ?? "");
        _lineBreaksInValues += LineBreaks(_csv.RawRecord);
        return true;
    }

    /// <summary>
    /// The unclosed quote ran to the end of the input, so this record holds the rest of the file: the row keeps what is on
    /// its own line, and reading goes on with the text after that line.
    /// </summary>
    private void ResumeAfterUnclosedQuote()
    {
        Error = UnclosedQuote;
        var text = Encoding.UTF8.GetString(_csv.RawRecord);
        var lineBreak = text.IndexOfAny(['\r', '\n']);
        using (var line = CsvReader.Create(new StringReader(lineBreak < 0 ? text : text[..lineBreak]), _options with { OnMalformedRecord = null }))
        {
            if (line.Read())
                for (var i = 0; i < line.FieldCount; i++) _fields.Add(line.GetString(i) ?? "");
        }
        var start = lineBreak + 1;
        if (lineBreak >= 0 && text[lineBreak] == '\r' && start < text.Length && text[start] == '\n') start++;
        _csv.Dispose();
        _csv = CsvReader.Create(new StringReader(lineBreak < 0 ? "" : text[start..]), _options);
        _rowsBefore = RowNumber;
        _lineBreaksInValues = 0;
    }

    /// <summary>CR, LF and CR LF each count once.</summary>
    private static int LineBreaks(ReadOnlySpan<byte> raw)
    {
        var count = 0;
        for (var i = raw.IndexOfAny((byte)'\r', (byte)'\n'); i >= 0 && i < raw.Length; i++)
        {
            if (raw[i] == '\n') count++;
            else if (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')) count++;
        }
        return count;
    }

    public void Dispose()
    {
        _csv.Dispose();
        _source.Dispose();
    }
}
