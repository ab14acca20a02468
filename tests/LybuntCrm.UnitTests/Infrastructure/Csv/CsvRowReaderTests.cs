using System.Text;
using LybuntCrm.Web.Infrastructure.Csv;

namespace LybuntCrm.UnitTests.Infrastructure.Csv;

public sealed class CsvRowReaderTests
{
    private static List<(int Row, string[] Fields, string? Error)> Read(string text, char delimiter = ',')
    {
        using var reader = new CsvRowReader(new StringReader(text), delimiter);
        var rows = new List<(int, string[], string?)>();
        while (reader.Read()) rows.Add((reader.RowNumber, reader.Fields.ToArray(), reader.Error));
        return rows;
    }

    [Fact]
    public void Quoted_values_keep_delimiters_doubled_quotes_and_line_breaks()
    {
        var rows = Read("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n2,\"line1\nline2\",\r\n");
        rows.Select(r => r.Fields).Should().BeEquivalentTo(new[]
        {
            new[] { "a", "b", "c" },
            new[] { "1", "x, y", "say \"hi\"" },
            new[] { "2", "line1\nline2", "" },
        }, o => o.WithStrictOrdering());
        rows.Select(r => r.Row).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void A_byte_order_mark_blank_lines_and_a_missing_final_line_break_are_handled()
    {
        var rows = Read("\uFEFFid;name\n\n1;Ann\r\n2;Bo", ';');
        rows.Select(r => string.Join("|", r.Fields)).Should().Equal("id|name", "1|Ann", "2|Bo");
        rows.Select(r => r.Row).Should().Equal([1, 3, 4], "blank lines keep spreadsheet row numbers");
    }

    [Fact]
    public void An_unclosed_quote_fails_its_row_and_reading_resumes_on_the_next_line()
    {
        var rows = Read("id,name\nR3,\"Unclosed,Bo\nR4,Fine\n");
        rows.Should().HaveCount(3);
        rows[1].Error.Should().Be("A quoted value is never closed.");
        rows[1].Fields.Should().Equal("R3", "Unclosed,Bo");
        rows[2].Fields.Should().Equal("R4", "Fine");
        rows[2].Error.Should().BeNull();
    }

    [Fact]
    public void Row_numbers_count_a_multi_line_value_as_one_row_and_go_on_after_an_unclosed_quote()
    {
        var rows = Read("id,note\n1,\"two\nlines\"\n\n2,x\n3,\"open\n4,y\n\n5,z\n");
        rows.Select(r => (r.Row, r.Fields[0], r.Error)).Should().Equal(
            (1, "id", null), (2, "1", null), (4, "2", null), (5, "3", "A quoted value is never closed."), (6, "4", null), (8, "5", null));
    }

    [Fact]
    public void Tab_separated_values_are_read()
    {
        Read("a\tb\n1\t2\n", '\t').Last().Fields.Should().Equal("1", "2");
    }
}

public sealed class CsvDetectionTests
{
    static CsvDetectionTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static EncodingGuess Detect(byte[] bytes) => CsvEncoding.Detect(new MemoryStream(bytes));

    [Fact]
    public void Byte_order_marks_decide_the_encoding()
    {
        Detect([0xEF, 0xBB, 0xBF, (byte)'a']).Should().Be(new EncodingGuess("utf-8", true, true, false));
        Detect([0xFF, 0xFE, (byte)'a', 0]).Name.Should().Be("utf-16");
        Detect([0xFE, 0xFF, 0, (byte)'a']).Name.Should().Be("utf-16BE");
        Detect([0xEF, 0xBB, 0xBF]).IsEmpty.Should().BeTrue();
        Detect([]).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Valid_utf8_without_a_mark_is_utf8()
    {
        var guess = Detect(Encoding.UTF8.GetBytes("id,name\n1,Nguyễn Thị Hạnh\n2,شرکت\n"));
        (guess.Name, guess.HasBom, guess.IsValidUtf8).Should().Be(("utf-8", false, true));
    }

    [Theory]
    [InlineData(1256, "شركت البرز,رضا كريمي")]
    [InlineData(1252, "Café Müller,Señora Nuñez")]
    public void Code_pages_are_guessed_when_the_bytes_are_not_utf8(int codePage, string text)
    {
        var guess = Detect(Encoding.GetEncoding(codePage).GetBytes("id,name\n1," + text + "\n"));
        guess.IsValidUtf8.Should().BeFalse();
        guess.Name.Should().Be("windows-" + codePage);
    }

    [Fact]
    public void Vietnamese_with_combining_tone_marks_is_windows_1258()
    {
        // "Nhà sách Hà Nội" as Windows-1258 writes it: base letters followed by tone-mark bytes.
        byte[] bytes = [.. Encoding.ASCII.GetBytes("1,Nha"), 0xCC, .. Encoding.ASCII.GetBytes(" sa"), 0xEC, .. Encoding.ASCII.GetBytes("ch Ha"), 0xCC,
            .. Encoding.ASCII.GetBytes(" N"), 0xF4, 0xF2, .. Encoding.ASCII.GetBytes("i\n")];
        Detect(bytes).Name.Should().Be("windows-1258");
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3", ',')]
    [InlineData("a;b;c\n1,5;2;3", ';')]
    [InlineData("a\tb\tc", '\t')]
    [InlineData("\"x;y\",b\n", ',')]
    [InlineData("single", ',')]
    public void The_delimiter_is_the_one_used_most_in_the_first_line(string text, char expected)
    {
        CsvSniffer.DetectDelimiter(new StringReader(text)).Should().Be(expected);
    }
}
