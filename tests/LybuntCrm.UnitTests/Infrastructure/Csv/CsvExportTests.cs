using LybuntCrm.Web.Infrastructure.Csv;

namespace LybuntCrm.UnitTests.Infrastructure.Csv;

public sealed class CsvExportTests
{
    [Theory]
    [InlineData("=SUM(A1:A2)", "'=SUM(A1:A2)")]
    [InlineData("+31 20 555", "'+31 20 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTabbed", "'\tTabbed")]
    [InlineData("\rReturn", "\"'\rReturn\"")]
    [InlineData("Acme, Inc.", "\"Acme, Inc.\"")]
    [InlineData("The \"Best\" Co", "\"The \"\"Best\"\" Co\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("Nguyễn & Co", "Nguyễn & Co")]
    [InlineData("Lê; Trần", "\"Lê; Trần\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_cells_are_neutralised_and_quoted(string? value, string expected) => CsvExport.Text(value).Should().Be(expected);

    [Fact]
    public void Numbers_and_dates_are_invariant_and_never_prefixed()
    {
        CsvExport.Number(-1234.5m).Should().Be("-1234.50");
        CsvExport.Date(new DateOnly(2026, 2, 3)).Should().Be("2026-02-03");
        CsvExport.Date(null).Should().Be("");
    }
}
