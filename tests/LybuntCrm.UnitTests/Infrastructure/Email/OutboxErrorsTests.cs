using LybuntCrm.UnitTests.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Email;
using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.UnitTests.Infrastructure.Email;

public sealed class OutboxErrorsTests
{
    [Fact]
    public void An_error_inside_an_error_is_translated_too_and_the_servers_words_stay()
    {
        var stored = OutboxErrors.Format(OutboxErrors.GaveUp, 5,
            OutboxErrors.Format(OutboxErrors.CouldNotConnect, "smtp.example.com:587", "Connection refused"));
        stored.Should().Be("Gave up after 5 attempts: Could not connect to the mail server smtp.example.com:587: Connection refused");
        using (CultureScope.Use("vi"))
            OutboxErrors.Localize(stored, SharedLocalizer.Create(), DisplayFormat.For("vi"))
                .Should().Be("Đã dừng sau 5 lần thử: Không kết nối được tới máy chủ thư smtp.example.com:587: Connection refused");
        using (CultureScope.Use("fa"))
            OutboxErrors.Localize(OutboxErrors.Interrupted, SharedLocalizer.Create(), DisplayFormat.For("fa"))
                .Should().Be("یک ارسال نیمه‌کاره ماند؛ ممکن است گیرنده این پیام را دو بار دریافت کند.");
    }

    [Fact]
    public void A_refused_address_reads_in_the_readers_language()
    {
        var stored = new InvalidMailAddressException("not an address").Message;
        using var scope = CultureScope.Use("vi");
        OutboxErrors.Localize(stored, SharedLocalizer.Create(), DisplayFormat.For("vi")).Should().NotBe(stored).And.Contain("not an address");
    }
}
