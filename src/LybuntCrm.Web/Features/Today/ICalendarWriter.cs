using System.Globalization;
using System.Text;

namespace LybuntCrm.Web.Features.Today;

/// <summary>Writes an iCalendar (RFC 5545) document of all-day events: text escaped, lines folded at 75 octets, CRLF endings.</summary>
public sealed class ICalendarWriter
{
    public sealed record Event(string Uid, DateOnly Day, string Summary, string? Description, string? Url);

    private readonly StringBuilder _text = new();

    public static string Write(string calendarName, DateTime stampUtc, IEnumerable<Event> events)
    {
        var writer = new ICalendarWriter();
        writer.Line("BEGIN:VCALENDAR");
        writer.Line("VERSION:2.0");
        writer.Line("PRODID:-//LybuntCrm//Follow-ups//EN");
        writer.Line("CALSCALE:GREGORIAN");
        writer.Line("METHOD:PUBLISH");
        writer.Line("X-WR-CALNAME:" + Escape(calendarName));
        var stamp = stampUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            writer.Line("BEGIN:VEVENT");
            writer.Line("UID:" + Escape(e.Uid));
            writer.Line("DTSTAMP:" + stamp);
            writer.Line("DTSTART;VALUE=DATE:" + e.Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            writer.Line("DTEND;VALUE=DATE:" + e.Day.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            writer.Line("SUMMARY:" + Escape(e.Summary));
            if (!string.IsNullOrEmpty(e.Description)) writer.Line("DESCRIPTION:" + Escape(e.Description));
            if (!string.IsNullOrEmpty(e.Url)) writer.Line("URL:" + e.Url);
            writer.Line("TRANSP:TRANSPARENT");
            writer.Line("END:VEVENT");
        }
        writer.Line("END:VCALENDAR");
        return writer._text.ToString();
    }

    /// <summary>Escapes backslash, semicolon, comma and line breaks in a TEXT value; drops other control characters.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\r':
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    sb.Append(@"\n");
                    break;
                case '\n': sb.Append(@"\n"); break;
                default:
                    if (!char.IsControl(c) || c == '\t') sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Appends one content line, folded so that no physical line exceeds 75 octets of UTF-8 (never inside a character).</summary>
    private void Line(string content)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < content.Length; i++)
        {
            var width = char.IsHighSurrogate(content[i]) && i + 1 < content.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(content.AsSpan(i, width));
            if (octets + size > limit)
            {
                _text.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space of a continuation line counts
            }
            _text.Append(content, i, width);
            octets += size;
            i += width - 1;
        }
        _text.Append("\r\n");
    }
}
