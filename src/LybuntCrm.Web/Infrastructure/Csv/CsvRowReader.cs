using System.Text;

namespace LybuntCrm.Web.Infrastructure.Csv;

/// <summary>
/// A streaming RFC 4180 reader: quoted values may hold delimiters, doubled quotes and line breaks. It never loads the
/// file whole. A quote that is never closed does not swallow the rest of the file: that row gets an error and reading
/// resumes on the line after the one where the quote opened.
/// </summary>
public sealed class CsvRowReader : IDisposable
{
    /// <summary>A quoted value longer than this is treated as an unclosed quote.</summary>
    public const int MaxQuotedLength = 100_000;

    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[64 * 1024];
    private int _pos;
    private int _len;
    private string? _pushback;
    private int _pushPos;
    private readonly StringBuilder _value = new();
    private readonly List<string> _fields = new(16);
    private bool _atStart = true;

    public CsvRowReader(TextReader reader, char delimiter)
    {
        _reader = reader;
        _delimiter = delimiter;
    }

    /// <summary>The values of the last row read.</summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>The spreadsheet row number of the last row read: the header is row 1; blank lines count.</summary>
    public int RowNumber { get; private set; }

    /// <summary>What was wrong with the last row's syntax (an unclosed quote), or null.</summary>
    public string? Error { get; private set; }

    private int Next()
    {
        if (_pushback is not null)
        {
            if (_pushPos < _pushback.Length) return _pushback[_pushPos++];
            _pushback = null;
        }
        if (_pos == _len)
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len <= 0) { _len = 0; return -1; }
        }
        return _buffer[_pos++];
    }

    private int Peek()
    {
        if (_pushback is not null && _pushPos < _pushback.Length) return _pushback[_pushPos];
        if (_pushback is not null) _pushback = null;
        if (_pos == _len)
        {
            _len = _reader.Read(_buffer, 0, _buffer.Length);
            _pos = 0;
            if (_len <= 0) { _len = 0; return -1; }
        }
        return _buffer[_pos];
    }

    /// <summary>Reads the next row that is not blank; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            Error = null;
            _fields.Clear();
            var c = Next();
            if (c == -1) return false;
            RowNumber++;
            if (_atStart)
            {
                _atStart = false;
                if (c == '\uFEFF') c = Next();
                if (c == -1) return false;
            }
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && Peek() == '\n') Next();
                continue; // a blank line
            }
            ReadRow(c);
            return true;
        }
    }

    private void ReadRow(int c)
    {
        while (true)
        {
            // c is the first character of a value.
            if (c == '"')
            {
                if (!ReadQuoted(out c)) return;
            }
            else
            {
                _value.Clear();
                while (c != -1 && c != _delimiter && c != '\r' && c != '\n')
                {
                    _value.Append((char)c);
                    c = Next();
                }
                _fields.Add(_value.ToString());
            }
            if (c == _delimiter)
            {
                c = Next();
                if (c == -1 || c == '\r' || c == '\n')
                {
                    _fields.Add("");
                    EndOfLine(c);
                    return;
                }
                continue;
            }
            EndOfLine(c);
            return;
        }
    }

    private void EndOfLine(int c)
    {
        if (c == '\r' && Peek() == '\n') Next();
    }

    /// <summary>Reads a quoted value; false when the quote never closed (the row ends there with an error).</summary>
    private bool ReadQuoted(out int after)
    {
        _value.Clear();
        while (true)
        {
            var c = Next();
            if (c == -1 || _value.Length > MaxQuotedLength)
            {
                Unclosed();
                after = -1;
                return false;
            }
            if (c == '"')
            {
                if (Peek() == '"')
                {
                    Next();
                    _value.Append('"');
                    continue;
                }
                // Closing quote; anything up to the delimiter is kept as written (lenient: a"b"c).
                c = Next();
                while (c != -1 && c != _delimiter && c != '\r' && c != '\n')
                {
                    _value.Append((char)c);
                    c = Next();
                }
                _fields.Add(_value.ToString());
                after = c;
                return true;
            }
            _value.Append((char)c);
        }
    }

    private void Unclosed()
    {
        Error = "A quoted value is never closed.";
        var text = _value.ToString();
        var lineBreak = text.IndexOfAny(['\r', '\n']);
        _fields.Add(lineBreak < 0 ? text : text[..lineBreak]);
        if (lineBreak < 0) return;
        var start = lineBreak + 1;
        if (text[lineBreak] == '\r' && start < text.Length && text[start] == '\n') start++;
        var rest = text[start..];
        if (_pushback is not null && _pushPos < _pushback.Length) rest += _pushback[_pushPos..];
        _pushback = rest;
        _pushPos = 0;
    }

    public void Dispose() => _reader.Dispose();
}
