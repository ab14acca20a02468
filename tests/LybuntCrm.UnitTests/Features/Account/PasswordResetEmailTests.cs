using LybuntCrm.UnitTests.Infrastructure.Formatting;
using LybuntCrm.Web;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Account;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.UnitTests.Features.Account;

public sealed class PasswordResetEmailTests
{
    private const string Link = "https://crm.example.com/Account/ResetPassword?id=abc&code=x_y-z";

    private static PasswordResetEmail Email() => new(new TypedLocalizer(SharedLocalizer.Create()));

    [Fact]
    public void The_email_carries_the_link_in_both_parts_and_encodes_the_name()
    {
        var user = new AppUser { Email = "an@example.com", DisplayName = "An <b>Nguyen</b>", Culture = "en" };

        var message = Email().Render(user, Link, new DateOnly(2026, 6, 15));

        message.Recipient.Should().Be("an@example.com");
        message.Kind.Should().StartWith(PasswordResetEmail.KindPrefix).And.HaveLength(28);
        message.Subject.Should().Be("Reset your LybuntCrm password");
        message.TextBody.Should().Contain(Link).And.Contain("within 2 hours");
        message.HtmlBody.Should().Contain("href=\"https://crm.example.com/Account/ResetPassword?id=abc&amp;code=x_y-z\"");
        message.HtmlBody.Should().Contain("An &lt;b&gt;Nguyen&lt;/b&gt;").And.NotContain("<b>Nguyen");
    }

    [Fact]
    public void A_persian_reader_gets_a_right_to_left_email_in_persian_with_the_link_left_to_right()
    {
        var user = new AppUser { Email = "sara@example.com", DisplayName = "سارا", Culture = "fa" };

        var message = Email().Render(user, Link, new DateOnly(2026, 6, 15));

        message.HtmlBody.Should().Contain("dir=\"rtl\"").And.Contain("<a dir=\"ltr\"");
        message.Subject.Should().Be("بازنشانی رمز عبور LybuntCrm شما");
        message.TextBody.Should().Contain("۲ ساعت");
    }

    [Fact]
    public void Every_request_is_its_own_outbox_row() =>
        Email().Render(new AppUser { Email = "an@example.com" }, Link, new DateOnly(2026, 6, 15)).Kind
            .Should().NotBe(Email().Render(new AppUser { Email = "an@example.com" }, Link, new DateOnly(2026, 6, 15)).Kind);

    private sealed class TypedLocalizer(IStringLocalizer inner) : IStringLocalizer<SharedResource>
    {
        public LocalizedString this[string name] => inner[name];
        public LocalizedString this[string name, params object[] arguments] => inner[name, arguments];
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }
}
