using LybuntCrm.UnitTests.Infrastructure.Formatting;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.UnitTests.Features.Import;

public sealed class ImportMessagesTests
{
    [Fact]
    public void A_stored_English_message_is_shown_in_the_readers_language_with_its_values()
    {
        var stored = ImportMessages.Format(ImportMessages.NotADate, "31.02.2026", "dd/MM/yyyy");
        stored.Should().Be("'31.02.2026' is not a date in the format dd/MM/yyyy.");
        using (CultureScope.Use("en"))
            ImportMessages.Localize(stored, SharedLocalizer.Create(), DisplayFormat.For("en")).Should().Be(stored);
        using (CultureScope.Use("vi"))
            ImportMessages.Localize(stored, SharedLocalizer.Create(), DisplayFormat.For("vi"))
                .Should().Be("'31.02.2026' không phải là ngày theo định dạng dd/MM/yyyy.");
    }

    [Fact]
    public void Counts_in_a_message_take_the_readers_digits()
    {
        using var scope = CultureScope.Use("fa");
        ImportMessages.Localize(ImportMessages.Format(ImportMessages.SameClient, 12), SharedLocalizer.Create(), DisplayFormat.For("fa"))
            .Should().Be("همان مشتری ردیف ۱۲.");
        ImportMessages.Localize(ImportMessages.WholeRow, SharedLocalizer.Create(), DisplayFormat.For("fa")).Should().Be("(کل ردیف)");
    }

    [Fact]
    public void A_message_made_from_no_template_is_shown_as_it_is()
    {
        using var scope = CultureScope.Use("vi");
        ImportMessages.Localize("Undone: 3 clients and 0 purchases removed.", SharedLocalizer.Create(), DisplayFormat.For("vi"))
            .Should().Be("Undone: 3 clients and 0 purchases removed.");
        ImportMessages.Localize(null, SharedLocalizer.Create(), DisplayFormat.For("vi")).Should().BeEmpty();
    }
}
