using System.Globalization;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Import;

namespace LybuntCrm.UnitTests.Features.Import;

public sealed class ImportValuesTests
{
    [Theory]
    [InlineData("2025-03-04", "yyyy-MM-dd", 2025, 3, 4)]
    [InlineData("03/04/2025", "dd/MM/yyyy", 2025, 4, 3)]
    [InlineData("3.4.2025", "dd/MM/yyyy", 2025, 4, 3)]
    [InlineData("03/04/2025", "MM/dd/yyyy", 2025, 3, 4)]
    [InlineData("28.11.2025", "dd.MM.yyyy", 2025, 11, 28)]
    public void Dates_are_read_in_the_chosen_order_with_any_usual_separator(string text, string format, int y, int m, int d)
    {
        ImportValues.TryDate(text, format, out var date, out _).Should().BeTrue();
        date.Should().Be(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("2020-02-30", "'2020-02-30' is not a real date.")]
    [InlineData("1990-13-01", "'1990-13-01' is not a real date.")]
    [InlineData("45292", "'45292' looks like a spreadsheet serial number, not a date; format the column as dates (yyyy-MM-dd) and export again.")]
    [InlineData("31/12/2019", "'31/12/2019' is not a date in the format yyyy-MM-dd.")]
    public void Wrong_dates_get_a_plain_message(string text, string message)
    {
        ImportValues.TryDate(text, "yyyy-MM-dd", out _, out var error).Should().BeFalse();
        error.Should().Be(message);
    }

    [Theory]
    [InlineData("1234.50", false, 1234.50)]
    [InlineData("1,234.50", false, 1234.50)]
    [InlineData("-12", false, -12)]
    [InlineData("1.234,50", true, 1234.50)]
    [InlineData("980,00", true, 980)]
    [InlineData("1 234,5", true, 1234.5)]
    public void Amounts_are_read_with_the_chosen_decimal_separator(string text, bool decimalComma, double expected)
    {
        var options = new ImportOptions { DecimalComma = decimalComma };
        ImportValues.TryAmount(text, options.NumberCulture, out var amount, out _).Should().BeTrue();
        amount.Should().Be((decimal)expected);
    }

    [Fact]
    public void Text_that_is_not_an_amount_is_refused()
    {
        ImportValues.TryAmount("12,50 €", CultureInfo.InvariantCulture, out _, out var error).Should().BeFalse();
        error.Should().Be("'12,50 €' is not an amount like 1234.50.");
    }

    [Theory]
    [InlineData("Phone", Channel.Phone)]
    [InlineData("email", Channel.Email)]
    [InlineData("E-mail", Channel.Email)]
    [InlineData("in person", Channel.Meeting)]
    [InlineData("Letter", Channel.Letter)]
    public void Channels_accept_common_words(string text, Channel expected)
    {
        ImportValues.TryChannel(text, out var channel).Should().BeTrue();
        channel.Should().Be(expected);
    }

    [Fact]
    public void Text_is_normalised_and_invisible_characters_are_reported()
    {
        ImportValues.Text("  \u202Eevil\u202C Co ", out var removed).Should().Be("evil Co");
        removed.Should().BeTrue();
        ImportValues.Text("Nguye\u0302\u0303n", out removed).Should().Be("Nguyễn");
        removed.Should().BeFalse();
    }

    [Fact]
    public void Headers_are_guessed_from_names_and_synonyms()
    {
        var guess = ImportFields.Guess(ImportKind.Clients, ["Customer No.", "Company Name", "E-mail Address", "Account Manager", "Comments", "Fax"]);
        guess.Should().BeEquivalentTo(new Dictionary<ImportField, int>
        {
            [ImportField.ExternalId] = 0,
            [ImportField.Name] = 1,
            [ImportField.Email] = 2,
            [ImportField.Owner] = 3,
            [ImportField.Notes] = 4,
        });
        var purchases = ImportFields.Guess(ImportKind.Purchases, ["Customer ID", "Invoice #", "Invoice Date", "Total", "Currency"]);
        purchases.Keys.Should().BeEquivalentTo([ImportField.ClientExternalId, ImportField.InvoiceNumber, ImportField.Date, ImportField.Amount, ImportField.Currency]);
    }
}
