using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Today;

public sealed class TodayChatLinkTests
{
    [Fact]
    public async Task A_contact_who_prefers_a_chat_is_one_tap_away_on_Today()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Hòa Bình Print", lastContactDaysAgo: 130, phone: "+84901234567",
            configure: c => c.Contacts.Single().PreferredChannel = Channel.Zalo);
        await TodaySeed.ClientAsync(app, managerId, "Rostam Trading", lastContactDaysAgo: 131, phone: null,
            configure: c => (c.Contacts.Single().PreferredChannel, c.Contacts.Single().TelegramUsername) = (Channel.Telegram, "reza_rahimi"));
        await app.WithDbAsync(db => db.Contacts.Where(c => c.Client!.Name == "Hòa Bình Print")
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ZaloPhone, "+84912345678")));
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var items = (await browser.GetPageAsync("/Today")).Document.QuerySelectorAll("[data-testid=today-list] [data-testid=follow-up]");

        var zalo = items.Single(i => i.TextContent.Contains("Hòa Bình Print")).QuerySelector("[data-testid=chat]")!;
        zalo.GetAttribute("href").Should().Be("https://zalo.me/84912345678");
        zalo.TextContent.Should().Contain("Zalo").And.Contain("0912 345 678");
        zalo.QuerySelector("bdi")!.GetAttribute("dir").Should().Be("ltr");
        var telegram = items.Single(i => i.TextContent.Contains("Rostam Trading"));
        telegram.QuerySelector("[data-testid=chat]")!.GetAttribute("href").Should().Be("https://t.me/reza_rahimi");
        telegram.QuerySelector("[data-testid=call]").Should().BeNull("no phone is on file");
    }

    [Fact]
    public async Task A_Persian_reader_sees_the_link_isolated_left_to_right()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await TodaySeed.ClientAsync(app, managerId, "Rostam Trading", lastContactDaysAgo: 130, phone: null,
            configure: c => (c.Contacts.Single().PreferredChannel, c.Contacts.Single().WhatsAppPhone) = (Channel.WhatsApp, "+989123456789"));
        await TodaySeed.RunCheckInsAsync(app);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fa")));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var chat = (await browser.GetPageAsync("/Today")).Document.QuerySelector("[data-testid=chat]")!;

        chat.GetAttribute("href").Should().Be("https://wa.me/989123456789");
        var number = chat.QuerySelector("bdi[dir=ltr]")!;
        number.TextContent.Should().Be("+98 912 345 6789", "a firm in Vietnam reads an Iranian number internationally");
    }
}
