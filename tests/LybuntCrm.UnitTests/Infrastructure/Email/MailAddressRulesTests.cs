using LybuntCrm.Web.Infrastructure.Email;

namespace LybuntCrm.UnitTests.Infrastructure.Email;

public sealed class MailAddressRulesTests
{
    [Theory]
    [InlineData("an@example.com")]
    [InlineData("first.last+crm@sub.example.co.uk")]
    public void Plain_addresses_are_valid(string address) => MailAddressRules.IsValidAddress(address).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("an")]
    [InlineData("an@")]
    [InlineData("@example.com")]
    [InlineData("an@example.com\r\nBcc: evil@example.com")]
    [InlineData("an@example.com\nBcc: evil@example.com")]
    [InlineData("an@exa\u0000mple.com")]
    [InlineData("an@example.com, evil@example.com")]
    [InlineData("An <an@example.com>")]
    [InlineData("an @example.com")]
    [InlineData("an@example.com\u2028")]
    [InlineData("a@b@example.com")]
    public void Addresses_with_line_breaks_lists_or_names_are_refused(string address) =>
        MailAddressRules.IsValidAddress(address).Should().BeFalse();

    [Fact]
    public void Header_text_loses_line_breaks_and_control_characters()
    {
        MailAddressRules.CleanHeaderText("Hello\r\nBcc: evil@example.com\u0007").Should().Be("Hello Bcc: evil@example.com");
        MailAddressRules.CleanHeaderText("Line\u2028break\u202E").Should().Be("Line break");
        MailAddressRules.CleanHeaderText(new string('x', 500), 300).Should().HaveLength(300);
    }

    [Fact]
    public void A_mailbox_with_an_unsafe_address_cannot_be_made()
    {
        var act = () => MailAddressRules.Mailbox("An", "an@example.com\r\nBcc: evil@example.com");
        act.Should().Throw<InvalidMailAddressException>().Which.Message.Should().NotContain("\n");
        MailAddressRules.Mailbox("An\r\nX-Evil: 1", "an@example.com").Name.Should().Be("An X-Evil: 1");
    }

    [Fact]
    public void Backoff_doubles_and_is_capped() =>
        new[] { 1, 2, 3, 10, 30 }.Select(OutboxQueue.Backoff).Should().Equal(
            TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(120));
}

public sealed class SmtpOptionsTests
{
    [Theory]
    [InlineData(null, SmtpSecurity.StartTls, 587)]
    [InlineData("sslonconnect", SmtpSecurity.SslOnConnect, 465)]
    [InlineData("None", SmtpSecurity.None, 25)]
    public void Security_chooses_the_default_port(string? security, SmtpSecurity expected, int port)
    {
        var options = new SmtpOptions { Host = "mail.example.com", Security = security };
        options.ParsedSecurity.Should().Be(expected);
        options.EffectivePort.Should().Be(port);
    }

    [Fact]
    public void An_unknown_security_mode_is_explained_and_the_password_never_printed()
    {
        var options = new SmtpOptions { Host = "mail.example.com", Security = "Tls", Password = "s3cret-pass" };
        var act = () => options.ParsedSecurity;
        act.Should().Throw<InvalidOperationException>().WithMessage("*StartTls, SslOnConnect or None*");
        new SmtpOptions { Host = "mail.example.com", Password = "s3cret-pass" }.ToString().Should().NotContain("s3cret");
    }
}
