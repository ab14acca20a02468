using System.Text;
using LybuntCrm.Web.Features.Today;

namespace LybuntCrm.UnitTests.Features.Today;

public sealed class ICalendarWriterTests
{
    private static readonly DateTime Stamp = new(2026, 6, 15, 8, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Text_values_escape_backslashes_semicolons_commas_and_line_breaks() =>
        ICalendarWriter.Escape("a\\b;c,d\r\ne\nf\u0007").Should().Be(@"a\\b\;c\,d\ne\nf");

    [Fact]
    public void An_all_day_event_starts_on_its_day_and_ends_the_next()
    {
        var text = ICalendarWriter.Write("Cal", Stamp, [new ICalendarWriter.Event("followup-1@x", new DateOnly(2026, 12, 31), "Check-in: Acme", "Why", null)]);

        text.Should().Contain("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n");
        text.Should().Contain("DTSTAMP:20260615T083000Z\r\n");
        text.Should().Contain("BEGIN:VEVENT\r\nUID:followup-1@x\r\n");
    }

    [Fact]
    public void Long_lines_are_folded_at_75_octets_without_splitting_a_character()
    {
        var summary = string.Concat(Enumerable.Repeat("Nguyễn Thị 😀 ", 20));
        var text = ICalendarWriter.Write("Cal", Stamp, [new ICalendarWriter.Event("u", new DateOnly(2026, 1, 1), summary, null, null)]);

        var lines = text.Split("\r\n");
        lines.Should().OnlyContain(l => Encoding.UTF8.GetByteCount(l) <= 75);
        lines.Should().OnlyContain(l => !l.Any(char.IsSurrogate) || l.Where(char.IsHighSurrogate).Count() == l.Where(char.IsLowSurrogate).Count());
        var unfolded = text.Replace("\r\n ", "", StringComparison.Ordinal);
        unfolded.Should().Contain("SUMMARY:" + summary + "\r\n");
    }
}
