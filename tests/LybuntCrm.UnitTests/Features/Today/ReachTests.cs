using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;

namespace LybuntCrm.UnitTests.Features.Today;

public sealed class ReachTests
{
    private static Reach Everything(Channel channel) =>
        Reach.Of(channel, "+84901234567", "mai@harbour.example", "12 Hàng Bạc, Hà Nội", "+84901234567", "mai_tran", "+989123456789");

    [Theory]
    [InlineData(Channel.Zalo, Reach.Detail.Zalo, "https://zalo.me/84901234567")]
    [InlineData(Channel.Telegram, Reach.Detail.Telegram, "https://t.me/mai_tran")]
    [InlineData(Channel.WhatsApp, Reach.Detail.WhatsApp, "https://wa.me/989123456789")]
    [InlineData(Channel.Phone, Reach.Detail.Phone, "tel:+84901234567")]
    [InlineData(Channel.Meeting, Reach.Detail.Phone, "tel:+84901234567")]
    [InlineData(Channel.Email, Reach.Detail.Email, "mailto:mai@harbour.example")]
    [InlineData(Channel.Letter, Reach.Detail.PostalAddress, null)]
    public void The_preferred_channel_gets_its_one_tap_link(Channel channel, Reach.Detail detail, string? link)
    {
        var reach = Everything(channel);
        reach.By.Should().Be(detail);
        reach.Link.Should().Be(link);
    }

    [Theory]
    [InlineData(Channel.Zalo)]
    [InlineData(Channel.Telegram)]
    [InlineData(Channel.WhatsApp)]
    public void A_chat_without_its_account_falls_back_to_the_phone(Channel channel)
    {
        var reach = Reach.Of(channel, "+84901234567", null, null);
        reach.By.Should().Be(Reach.Detail.Phone);
        reach.ByChat.Should().BeFalse();
        reach.Link.Should().Be("tel:+84901234567");
    }

    [Fact]
    public void Every_detail_on_file_has_its_own_link()
    {
        var reach = Everything(Channel.Email);
        reach.LinkOf(Reach.Detail.Zalo).Should().Be("https://zalo.me/84901234567");
        reach.LinkOf(Reach.Detail.WhatsApp).Should().Be("https://wa.me/989123456789");
        reach.LinkOf(Reach.Detail.Telegram).Should().Be("https://t.me/mai_tran");
        Reach.Of(Channel.Zalo, null, null, null, zaloPhone: " ").LinkOf(Reach.Detail.Zalo).Should().BeNull();
    }

    [Fact]
    public void A_phone_typed_before_numbers_were_checked_calls_its_digits() =>
        ReachLinks.Tel("+1 (555) 010-4477").Should().Be("tel:+15550104477");
}
