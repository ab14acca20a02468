using System.Net;
using LybuntCrm.IntegrationTests.Features.Today;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

public sealed class PostalAddressTests
{
    private static Dictionary<string, string> ClientForm(string name, string postalAddress, string channel = "Letter") => new()
    {
        ["Input.Name"] = name,
        ["Input.Status"] = "Client",
        ["Input.Stage"] = "Purchased",
        ["Input.CadenceDays"] = "120",
        ["Input.PreferredChannel"] = channel,
        ["Input.PostalAddress"] = postalAddress,
    };

    [Fact]
    public async Task The_postal_address_typed_on_the_client_form_is_saved_and_shown_line_by_line_on_the_client_page()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        // As a browser posts a textarea: CRLF line breaks, stray spaces and an empty line.
        var created = await browser.PostFormAsync("/Clients/Edit",
            ClientForm("Nhà sách Hoa Sen", "  Số 12 Lê Lợi \r\n\r\nPhường Bến Nghé, Quận 1\r\nTP. Hồ Chí Minh  "));
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var id = await app.WithDbAsync(db => db.Clients.Select(c => c.Id).SingleAsync());
        (await app.WithDbAsync(db => db.Clients.Select(c => c.PostalAddress).SingleAsync()))
            .Should().Be("Số 12 Lê Lợi\nPhường Bến Nghé, Quận 1\nTP. Hồ Chí Minh");

        var form = await browser.GetPageAsync($"/Clients/Edit/{id}");
        form.Document.QuerySelector("textarea[name='Input.PostalAddress']")!.TextContent.Should().Contain("Phường Bến Nghé, Quận 1");

        var saved = await browser.PostFormAsync($"/Clients/Edit/{id}",
            ClientForm("Nhà sách Hoa Sen", "Unit 4 <Riverside Works>\r\n14 Wharf Road\r\nLeeds\r\nLS1 4AP"));
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Clients.Select(c => c.PostalAddress).SingleAsync()))
            .Should().Be("Unit 4 <Riverside Works>\n14 Wharf Road\nLeeds\nLS1 4AP");
        (await app.WithDbAsync(db => db.AuditEvents.Select(e => e.Action).ToListAsync())).Should().Contain("client.updated");

        var page = await browser.GetPageAsync($"/Clients/{id}");
        var address = page.Document.QuerySelector("[data-testid=postal-address] bdi.text-pre")!;
        address.TextContent.Should().Be("Unit 4 <Riverside Works>\n14 Wharf Road\nLeeds\nLS1 4AP", "the lines are kept and shown as pre-wrapped text");
        page.Html.Should().Contain("Unit 4 &lt;Riverside Works&gt;").And.NotContain("<Riverside Works>");
    }

    [Fact]
    public async Task A_postal_address_over_500_characters_is_refused_and_a_letter_client_without_one_is_asked_for_it()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var refused = await browser.PostFormAsync("/Clients/Edit", ClientForm("Too long", new string('a', 501)));
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().Contain("Keep the postal address under 500 characters.");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);

        await browser.PostFormAsync("/Clients/Edit", ClientForm("No address yet", "  \r\n "));
        var id = await app.WithDbAsync(db => db.Clients.Select(c => c.Id).SingleAsync());
        (await app.WithDbAsync(db => db.Clients.Select(c => c.PostalAddress).SingleAsync())).Should().BeNull();
        var page = await browser.GetPageAsync($"/Clients/{id}");
        page.Document.QuerySelector("[data-testid=no-postal-address]")!.GetAttribute("href").Should().Be($"/Clients/Edit/{id}");
    }

    [Fact]
    public async Task Today_shows_the_postal_address_for_a_letter_instead_of_the_phone_and_a_link_to_add_it_when_missing()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var withAddress = await TodaySeed.ClientAsync(app, managerId, "Card Writers", lastContactDaysAgo: 120, configure: c =>
        {
            c.PreferredChannel = Channel.Letter;
            c.PostalAddress = "تهران، خیابان ولیعصر، کوچه نسترن، پلاک ۱۲\nکد پستی ۱۴۳۴۸۶۳۱۱۱";
        });
        var withoutAddress = await TodaySeed.ClientAsync(app, managerId, "Note Takers", lastContactDaysAgo: 120,
            configure: c => c.PreferredChannel = Channel.Letter);
        await TodaySeed.RunCheckInsAsync(app);
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.GetPageAsync("/Today");

        var rows = page.Document.QuerySelectorAll("[data-testid=follow-up]");
        var letter = rows.Single(r => r.QuerySelector(".client-link")!.GetAttribute("href") == $"/Clients/{withAddress}");
        letter.QuerySelector("[data-testid=postal-address] bdi")!.TextContent.Should().Be("تهران، خیابان ولیعصر، کوچه نسترن، پلاک ۱۲\nکد پستی ۱۴۳۴۸۶۳۱۱۱");
        letter.QuerySelector("[data-testid=call]").Should().BeNull("a letter shows where to send it, not a phone number");
        letter.TextContent.Should().NotContain("+1 555 0100");
        var missing = rows.Single(r => r.QuerySelector(".client-link")!.GetAttribute("href") == $"/Clients/{withoutAddress}");
        var add = missing.QuerySelector("[data-testid=no-postal-address]")!;
        add.GetAttribute("href").Should().Be($"/Clients/Edit/{withoutAddress}");
        add.TextContent.Should().Contain("No postal address yet");
        missing.TextContent.Should().NotContain("+1 555 0100");
    }
}
