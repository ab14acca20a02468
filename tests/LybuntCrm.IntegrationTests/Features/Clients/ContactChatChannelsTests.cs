using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class ContactChatChannelsTests
{
    [Fact]
    public async Task The_contact_form_keeps_numbers_in_E164_shows_them_nationally_and_links_every_chat()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Hòa Bình Print", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var added = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "Trần Thị Mai",
            ["Input.Phone"] = "0901 234 567",
            ["Input.ZaloPhone"] = "090.123.4567",
            ["Input.TelegramUsername"] = "https://t.me/mai_tran",
            ["Input.WhatsAppPhone"] = "+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹",
            ["Input.PreferredChannel"] = "Zalo",
            ["Input.IsPrimary"] = "true",
        });

        added.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join("; ", added.Errors));
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync());
        (contact.Phone, contact.ZaloPhone, contact.TelegramUsername, contact.WhatsAppPhone, contact.PreferredChannel)
            .Should().Be(("+84901234567", "+84901234567", "mai_tran", "+989123456789", Channel.Zalo));

        var details = (await browser.GetPageAsync($"/Clients/{clientId}")).Document;
        details.QuerySelector("[data-testid=contact-phone]")!.GetAttribute("href").Should().Be("tel:+84901234567");
        details.QuerySelector("[data-testid=contact-phone]")!.TextContent.Should().Contain("0901 234 567", "a Vietnamese number reads nationally in Vietnam");
        var zalo = details.QuerySelector("[data-testid=contact-zalo]")!;
        zalo.GetAttribute("href").Should().Be("https://zalo.me/84901234567");
        zalo.ClassList.Should().Contain("fw-semibold", "Zalo is the channel she prefers");
        details.QuerySelector("[data-testid=contact-telegram]")!.GetAttribute("href").Should().Be("https://t.me/mai_tran");
        var whatsApp = details.QuerySelector("[data-testid=contact-whatsapp]")!;
        whatsApp.GetAttribute("href").Should().Be("https://wa.me/989123456789");
        whatsApp.TextContent.Should().Contain("+98 912 345 6789", "a number from abroad reads internationally");
        whatsApp.QuerySelector("bdi")!.GetAttribute("dir").Should().Be("ltr");

        (await browser.GetPageAsync("/Clients?q=0901234567")).Document.QuerySelectorAll("[data-client-id]")
            .Should().HaveCount(1, "a number kept in E.164 is found as it is dialled at home");

        var form = (await browser.GetPageAsync($"/Clients/{clientId}/Contacts/{contact.Id}")).Document;
        form.QuerySelector("input[name='Input.ZaloPhone']")!.GetAttribute("value").Should().Be("0901 234 567");
        form.QuerySelector("select[name='Input.PreferredChannel'] option[value=WhatsApp]").Should().NotBeNull();
    }

    [Fact]
    public async Task A_number_or_username_that_is_not_one_is_refused_with_the_input_kept()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Rostam Trading", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var bad = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "Reza",
            ["Input.ZaloPhone"] = "0901 234",
            ["Input.TelegramUsername"] = "@ab",
            ["Input.WhatsAppPhone"] = "call me",
        });

        bad.StatusCode.Should().Be(HttpStatusCode.OK);
        bad.Errors.Should().Contain(e => e.StartsWith("Enter a valid phone number, such as ")).And
            .Contain("Enter a Telegram username: 5 to 32 letters, digits or underscores, starting with a letter.");
        bad.Errors.Count(e => e.StartsWith("Enter a valid phone number")).Should().Be(2);
        bad.Document.QuerySelector("input[name='Input.ZaloPhone']")!.GetAttribute("value").Should().Be("0901 234");
        bad.Document.QuerySelector("input[name='Input.TelegramUsername']")!.GetAttribute("value").Should().Be("@ab");
        bad.Document.QuerySelector("input[name='Input.WhatsAppPhone']")!.GetAttribute("value").Should().Be("call me");
        (await app.WithDbAsync(db => db.Contacts.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Numbers_are_read_in_the_region_the_admin_chose_in_Persian_digits_too()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Rostam Trading", managerId));
        using (var admin = await app.SignedInAsync(CrmApp.AdminEmail))
        {
            var refused = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Phones.Region"] = "Iran" },
                postUrl: "/Admin/Settings?handler=Phones");
            refused.Errors.Should().Contain("Enter a two-letter country code, such as VN, IR or GB.");
            var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["Phones.Region"] = "ir" },
                postUrl: "/Admin/Settings?handler=Phones");
            saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        }
        (await app.WithDbAsync(db => db.Settings.SingleAsync(s => s.Key == SettingKeys.DefaultPhoneRegion))).Value.Should().Be("IR");
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var added = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "Reza Rahimi",
            ["Input.WhatsAppPhone"] = "۰۹۱۲۳۴۵۶۷۸۹",
            ["Input.Phone"] = "٠٩١٢٣٤٥٦٧٨٩",
            ["Input.PreferredChannel"] = "WhatsApp",
        });

        added.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join("; ", added.Errors));
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync());
        (contact.Phone, contact.WhatsAppPhone).Should().Be(("+989123456789", "+989123456789"));
        var details = (await browser.GetPageAsync($"/Clients/{clientId}")).Document;
        details.QuerySelector("[data-testid=contact-whatsapp]")!.TextContent.Should().Contain("0912 345 6789");
    }

    [Fact]
    public async Task A_phone_typed_before_numbers_were_checked_is_shown_and_kept_as_it_is()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Old Data Ltd", managerId));
        var contactId = await app.WithDbAsync(async db =>
        {
            var contact = new Contact { ClientId = clientId, Name = "Old", Phone = "ask reception, ext 12" };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=contact-phone]")!.TextContent
            .Should().Contain("ask reception, ext 12");
        var saved = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contactId}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Old Friend",
            ["Input.Phone"] = "ask reception, ext 12",
        });

        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join("; ", saved.Errors));
        (await app.WithDbAsync(db => db.Contacts.SingleAsync())).Phone.Should().Be("ask reception, ext 12");
    }
}
