using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("Lan@ThaiBinhDuong.VN", "lan@thaibinhduong.vn")]
    [InlineData(" thu@Đôngá.vn ", "thu@xn--ng-nia7e4g.vn")]
    [InlineData("THU@xn--ng-nia7e4g.vn", "thu@xn--ng-nia7e4g.vn")]
    [InlineData("no-at-sign", null)]
    [InlineData("@nobody.vn", null)]
    [InlineData("x@localhost", null)]
    [InlineData(null, null)]
    public void Addresses_compare_without_case_and_in_one_form_of_their_domain(string? typed, string? normal) =>
        EmailAddresses.Normalize(typed).Should().Be(normal);

    [Theory]
    [InlineData("@Firm.vn", "firm.vn")]
    [InlineData("www.firm.vn.", "firm.vn")]
    [InlineData("hòabình.vn", "xn--habnh-vsa3b.vn")]
    [InlineData("https://firm.vn", null)]
    [InlineData("firm vn", null)]
    public void A_client_domain_is_kept_in_ascii_lower_case(string typed, string? normal) =>
        EmailAddresses.NormalizeDomain(typed).Should().Be(normal);

    [Fact]
    public void A_normal_address_reads_back_in_unicode_and_free_mail_domains_are_known()
    {
        EmailAddresses.UnicodeForm(EmailAddresses.Normalize("thu@đôngá.vn")!).Should().Be("thu@đôngá.vn");
        EmailAddresses.IsFreeMail("yahoo.com.vn").Should().BeTrue();
        EmailAddresses.IsFreeMail("firm.vn").Should().BeFalse();
    }

    [Theory]
    [InlineData("xn--habnh-vsa3b.vn", "hòabình.vn")]
    [InlineData("firm.vn", "firm.vn")]
    [InlineData("xn--zz.vn", "xn--zz.vn")]
    public void A_client_domain_reads_back_as_people_write_it(string normal, string shown) =>
        EmailAddresses.UnicodeDomain(normal).Should().Be(shown);
}
