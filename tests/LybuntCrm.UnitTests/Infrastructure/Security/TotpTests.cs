using System.Text;
using LybuntCrm.Web.Infrastructure.Security;

namespace LybuntCrm.UnitTests.Infrastructure.Security;

public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1 key "12345678901234567890"; apps show the last six of its eight digits.
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Totp.Code(key, Totp.StepAt(DateTime.UnixEpoch.AddSeconds(unixSeconds))).Should().Be(expected);
    }

    [Fact]
    public void Base32_reads_keys_as_people_type_them_and_refuses_other_letters()
    {
        // RFC 4648 section 10: "foobar" is MZXW6YTBOI======.
        Base32.Decode("MZXW6YTBOI======").Should().Equal(Encoding.ASCII.GetBytes("foobar"));
        Base32.Decode("mzxw 6ytb oi").Should().Equal(Encoding.ASCII.GetBytes("foobar"));
        Base32.Decode("MZXW1").Should().BeNull("1 is not a base 32 letter");
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData("12345", null)]
    [InlineData("12345a", null)]
    [InlineData("۱۲۳ ۴۵۶", "123456")]
    [InlineData("١٢٣٤٥٦", "123456")]
    public void A_typed_code_is_six_digits_in_any_script_with_spaces_or_a_dash_allowed(string typed, string? expected) =>
        ClockedAuthenticatorTokenProvider.Normalize(typed).Should().Be(expected);

    [Fact]
    public void The_key_is_shown_in_groups_of_four_and_the_link_names_the_issuer_and_account()
    {
        AuthenticatorQr.Grouped("jbswy3dpehpk3pxp").Should().Be("JBSW Y3DP EHPK 3PXP");
        AuthenticatorQr.OtpAuthUri("an@example.com", "JBSWY3DPEHPK3PXP")
            .Should().Be("otpauth://totp/LybuntCrm:an%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=LybuntCrm&digits=6");
    }
}
