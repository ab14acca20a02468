using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;

namespace LybuntCrm.IntegrationTests.Features.Digest;

public sealed class DigestChatLinkTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTimeOffset EightUtc = new(2026, 6, 15, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_client_who_prefers_a_chat_gets_its_link_in_the_digest()
    {
        using var app = new EmailApp(EightUtc, new Dictionary<string, string?> { ["App:BaseUrl"] = "https://crm.example.com" });
        var (_, an, _) = await app.EnsureStandardUsersAsync();
        var bakery = await app.AddClientAsync(an, "Hanoi Bakery", Channel.Zalo, phone: "+84 24 3826 0000",
            configure: c => c.Contacts.Single().ZaloPhone = "+84901234567");
        var rostam = await app.AddClientAsync(an, "Rostam Trading", Channel.Telegram, phone: "+84 28 3822 1111",
            configure: c => c.Contacts.Single().TelegramUsername = "reza_rahimi");
        await app.AddFollowUpAsync(bakery, an, FollowUpKind.CheckIn, Today, Today, "Four months since the last order");
        await app.AddFollowUpAsync(rostam, an, FollowUpKind.CheckIn, Today, Today, "A card for the new year");

        await app.RunJobAsync(DailyDigestJob.JobId);

        var mail = (await app.OutboxAsync()).Should().ContainSingle(m => m.Recipient == CrmApp.ManagerEmail).Subject;
        mail.HtmlBody.Should().Contain("href=\"https://zalo.me/84901234567\"").And.Contain("href=\"https://t.me/reza_rahimi\"")
            .And.NotContain("tel:");
        mail.TextBody.Should().Contain("Zalo: 0901 234 567 (https://zalo.me/84901234567)")
            .And.Contain("Telegram: @reza_rahimi (https://t.me/reza_rahimi)");
    }
}
