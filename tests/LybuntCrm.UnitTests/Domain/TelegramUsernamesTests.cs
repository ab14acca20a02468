using LybuntCrm.Web.Domain;

namespace LybuntCrm.UnitTests.Domain;

public sealed class TelegramUsernamesTests
{
    [Theory]
    [InlineData("mai_tran", "mai_tran")]
    [InlineData("@mai_tran", "mai_tran")]
    [InlineData(" t.me/mai_tran ", "mai_tran")]
    [InlineData("https://t.me/mai_tran/", "mai_tran")]
    [InlineData("http://telegram.me/MaiTran2", "MaiTran2")]
    public void Pasted_usernames_and_links_keep_the_username(string typed, string username)
    {
        TelegramUsernames.TryNormalize(typed, out var kept).Should().BeTrue();
        kept.Should().Be(username);
    }

    [Theory]
    [InlineData("mai")]
    [InlineData("1mai_tran")]
    [InlineData("mai tran")]
    [InlineData("mai-tran")]
    [InlineData("@")]
    [InlineData("https://t.me/")]
    [InlineData("a234567890123456789012345678901234")]
    [InlineData("")]
    public void Names_Telegram_would_not_accept_are_refused(string typed) =>
        TelegramUsernames.TryNormalize(typed, out _).Should().BeFalse();
}
