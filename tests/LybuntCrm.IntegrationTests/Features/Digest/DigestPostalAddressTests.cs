using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;

namespace LybuntCrm.IntegrationTests.Features.Digest;

public sealed class DigestPostalAddressTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_letter_in_the_digest_shows_the_postal_address_not_the_phone_and_asks_for_a_missing_one()
    {
        using var app = new EmailApp(EightUtc, new Dictionary<string, string?> { ["App:BaseUrl"] = "https://crm.example.com" });
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var stationer = await app.AddClientAsync(an, "Hoa Sen Stationers", Channel.Letter, phone: "+84 24 3826 0000",
            configure: c => c.PostalAddress = "Số 12 Lê Lợi\nPhường Bến Nghé, Quận 1\nTP. Hồ Chí Minh & <Co>");
        var printer = await app.AddClientAsync(an, "Quiet Printers", Channel.Letter, phone: "+84 28 3822 1111");
        await app.AddFollowUpAsync(stationer, an, FollowUpKind.CheckIn, Today, Today, "Four months since the last order");
        await app.AddFollowUpAsync(printer, an, FollowUpKind.CheckIn, Today, Today, "A card for the new year");

        await app.RunJobAsync(DailyDigestJob.JobId);

        var mail = (await app.OutboxAsync()).Should().ContainSingle(m => m.Recipient == CrmApp.ManagerEmail).Subject;
        mail.TextBody.Should().Contain("Letter or note: Số 12 Lê Lợi").And.Contain("    Phường Bến Nghé, Quận 1")
            .And.Contain("No postal address yet").And.Contain($"https://crm.example.com/Clients/Edit/{printer}")
            .And.NotContain("+84 24 3826 0000").And.NotContain("+84 28 3822 1111");
        WebUtility.HtmlDecode(mail.HtmlBody).Should().Contain("Số 12 Lê Lợi<br>Phường Bến Nghé, Quận 1<br>TP. Hồ Chí Minh & <Co>", "each line of the address on its own line");
        mail.HtmlBody.Should().Contain("Minh &amp; &lt;Co&gt;<br>", "the address is encoded")
            .And.Contain($"href=\"https://crm.example.com/Clients/Edit/{printer}\"")
            .And.NotContain("+84 24 3826 0000").And.NotContain("tel:");
    }
}
