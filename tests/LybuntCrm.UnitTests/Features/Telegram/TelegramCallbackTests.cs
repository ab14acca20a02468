using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Telegram;

namespace LybuntCrm.UnitTests.Features.Telegram;

public sealed class TelegramCallbackTests
{
    [Theory]
    [InlineData(LinkAction.Reached, 1)]
    [InlineData(LinkAction.NoAnswer, 123456)]
    [InlineData(LinkAction.Snooze, int.MaxValue)]
    public void Data_reads_back_as_written_and_fits_the_64_bytes_telegram_allows(LinkAction action, int followUpId)
    {
        var data = TelegramCallback.Data(action, followUpId);
        data.Length.Should().BeLessThanOrEqualTo(64);
        TelegramCallback.TryRead(data, out var readAction, out var readId).Should().BeTrue();
        (readAction, readId).Should().Be((action, followUpId));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("9:12")]
    [InlineData("1:0")]
    [InlineData("1:-5")]
    [InlineData("1:12:3")]
    [InlineData(" 1:12")]
    [InlineData("1:99999999999")]
    [InlineData("drop table")]
    public void Anything_else_is_not_a_button(string? data) =>
        TelegramCallback.TryRead(data, out _, out _).Should().BeFalse();

    [Fact]
    public void Html_escaping_keeps_letters_and_escapes_markup()
    {
        TelegramDailyList.E("Công ty <b>\"Á & Â\"</b> سارا").Should().Be("Công ty &lt;b&gt;&quot;Á &amp; Â&quot;&lt;/b&gt; سارا");
    }
}
