using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class PhonesTests
{
    [Theory]
    // Vietnam: national and international, with spaces, dots and dashes.
    [InlineData("0901 234 567", "VN", "+84901234567")]
    [InlineData("+84 90 123 4567", "VN", "+84901234567")]
    [InlineData("090.123.4567", "VN", "+84901234567")]
    [InlineData("024 3826 0000", "VN", "+842438260000")]
    // Iran: Latin, Persian and Arabic-Indic digits.
    [InlineData("0912 345 6789", "IR", "+989123456789")]
    [InlineData("۰۹۱۲۳۴۵۶۷۸۹", "IR", "+989123456789")]
    [InlineData("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR", "+989123456789")]
    [InlineData("٠٩١٢٣٤٥٦٧٨٩", "IR", "+989123456789")]
    [InlineData("+98 912 345 6789", "IR", "+989123456789")]
    [InlineData("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "VN", "+989123456789")]
    // The United Kingdom.
    [InlineData("07911 123456", "GB", "+447911123456")]
    [InlineData("+44 20 7946 0958", "VN", "+442079460958")]
    [InlineData("٠٧٩١١ ١٢٣٤٥٦", "GB", "+447911123456")]
    // A number with its country code is read the same whatever the default region.
    [InlineData("+84 90 123 4567", "IR", "+84901234567")]
    // An unknown region falls back to Vietnam.
    [InlineData("0901 234 567", "XX", "+84901234567")]
    public void Numbers_are_kept_in_E164_whatever_the_digits(string typed, string region, string e164)
    {
        Phones.TryParse(typed, region, out var parsed).Should().BeTrue();
        parsed.Should().Be(e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("12")]
    [InlineData("0901 234")]
    [InlineData("call me")]
    [InlineData("0901-FLOWERS")]
    [InlineData("+99 123 456 789")]
    [InlineData("0912 345 6789")]
    public void Text_that_is_not_a_number_of_the_region_is_refused(string typed) =>
        Phones.TryParse(typed, "VN", out _).Should().BeFalse();

    [Theory]
    [InlineData("+84901234567", "VN", "0901 234 567")]
    [InlineData("+989123456789", "IR", "0912 345 6789")]
    [InlineData("+447911123456", "GB", "07911 123456")]
    [InlineData("+989123456789", "VN", "+98 912 345 6789")]
    [InlineData("+84901234567", "GB", "+84 901 234 567")]
    public void Numbers_show_nationally_at_home_and_internationally_from_elsewhere(string stored, string reader, string shown) =>
        Phones.Display(stored, reader).Should().Be(shown);

    [Theory]
    [InlineData("ask reception", "ask reception")]
    [InlineData("+1 555 0100", "+1 555 0100")]
    [InlineData(null, "")]
    public void A_value_typed_before_numbers_were_checked_shows_as_it_is(string? stored, string shown) =>
        Phones.Display(stored, "VN").Should().Be(shown);

    [Fact]
    public void Persian_and_Arabic_Indic_digits_become_Latin_digits() =>
        Phones.LatinDigits("۰۱۲۳۴۵۶۷۸۹ ٠١٢٣٤٥٦٧٨٩ +x").Should().Be("0123456789 0123456789 +x");

    [Theory]
    [InlineData("VN", true)]
    [InlineData("ir", true)]
    [InlineData("GB", true)]
    [InlineData("XX", false)]
    [InlineData("VNM", false)]
    [InlineData(null, false)]
    public void Only_known_two_letter_regions_are_accepted(string? region, bool known) =>
        Phones.IsKnownRegion(region).Should().Be(known);

    [Fact]
    public void The_example_in_an_error_is_a_number_of_the_region() =>
        Phones.TryParse(Phones.Example("IR"), "IR", out _).Should().BeTrue();

    [Theory]
    [InlineData("+84901234567", "0901234567")]
    [InlineData("+989123456789", "09123456789")]
    [InlineData("+447911123456", "07911123456")]
    [InlineData("ask reception", null)]
    [InlineData("0901 234 567", null)]
    public void A_stored_number_is_also_searchable_as_dialled_at_home(string stored, string? digits) =>
        Phones.NationalDigits(stored).Should().Be(digits);
}
