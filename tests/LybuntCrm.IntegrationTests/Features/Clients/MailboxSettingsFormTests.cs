using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Clients;

/// <summary>What mailbox sync reads from the client and contact forms: the client's email domain and contacts left out of sync.</summary>
public sealed class MailboxSettingsFormTests
{
    private static Dictionary<string, string> ClientForm(string name, string emailDomain) => new()
    {
        ["Input.Name"] = name,
        ["Input.Status"] = "Client",
        ["Input.Stage"] = "Purchased",
        ["Input.CadenceDays"] = "120",
        ["Input.PreferredChannel"] = "Email",
        ["Input.EmailDomain"] = emailDomain,
    };

    [Fact]
    public async Task A_client_domain_is_kept_in_the_form_the_matcher_compares_and_shown_as_people_write_it()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var created = await browser.PostFormAsync("/Clients/Edit", ClientForm("Công ty Hòa Bình", "  @WWW.HòaBình.VN. "));

        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var client = await app.WithDbAsync(db => db.Clients.AsNoTracking().SingleAsync());
        client.EmailDomain.Should().Be(EmailAddresses.NormalizeDomain("hòabình.vn")).And.StartWith("xn--");
        var page = await browser.GetPageAsync($"/Clients/{client.Id}");
        var shown = page.Document.QuerySelector("[data-testid=email-domain] [dir=ltr]")!;
        shown.TextContent.Should().Be("hòabình.vn", "the domain is isolated left to right, as on a right-to-left page");
        var form = await browser.GetPageAsync($"/Clients/Edit/{client.Id}");
        form.Document.QuerySelector("input[name='Input.EmailDomain']")!.GetAttribute("value").Should().Be("hòabình.vn");

        var cleared = ClientForm("Công ty Hòa Bình", "");
        (await browser.PostFormAsync($"/Clients/Edit/{client.Id}", cleared)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Clients.Select(c => c.EmailDomain).SingleAsync())).Should().BeNull();
    }

    [Theory]
    [InlineData("gmail.com")]
    [InlineData("Yahoo.com.VN")]
    [InlineData("@outlook.com")]
    public async Task A_free_mail_domain_is_refused_with_the_reason_and_the_input_kept(string typed)
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync("/Clients/Edit", ClientForm("Solo Trader", typed));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().ContainSingle().Which.Should().Contain("is a free-mail domain that anyone can use");
        page.Document.QuerySelector("input[name='Input.EmailDomain']")!.GetAttribute("value").Should().Be(typed);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_free_mail_domain_is_refused_in_vietnamese_and_persian_too()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        foreach (var (culture, words) in new[] { ("vi", "tên miền email miễn phí"), ("fa", "دامنهٔ ایمیل رایگانی") })
        {
            await app.WithDbAsync(async db =>
            {
                (await db.Users.SingleAsync(u => u.Email == CrmApp.ManagerEmail)).ChangeCulture(culture);
                await db.SaveChangesAsync();
            });
            using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
            var page = await browser.PostFormAsync("/Clients/Edit", ClientForm("Solo Trader", "gmail.com"));
            page.Errors.Should().ContainSingle().Which.Should().Contain(words).And.Contain("\u2068gmail.com\u2069", "the domain is isolated in a right-to-left sentence");
        }
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("localhost")]
    [InlineData("https://example.vn/")]
    [InlineData("lan@example.vn")]
    public async Task Something_that_is_not_a_domain_is_refused(string typed)
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var page = await browser.PostFormAsync("/Clients/Edit", ClientForm("Somebody", typed));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Enter a domain such as example.vn: the part of the address after @.");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task A_contact_left_out_of_sync_is_saved_and_marked_on_the_client_page()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Friends & Co", managerId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var form = await browser.GetPageAsync($"/Clients/{clientId}/Contacts");
        form.Document.QuerySelector("input[name='Input.ExcludedFromSync']").Should().NotBeNull();

        var added = await browser.PostFormAsync($"/Clients/{clientId}/Contacts", new Dictionary<string, string>
        {
            ["Input.Name"] = "Hoa",
            ["Input.Email"] = "hoa@friends.example",
            ["Input.ExcludedFromSync"] = "true",
        });

        added.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var contact = await app.WithDbAsync(db => db.Contacts.AsNoTracking().SingleAsync());
        contact.ExcludedFromSync.Should().BeTrue();
        var edit = await browser.GetPageAsync($"/Clients/{clientId}/Contacts/{contact.Id}");
        edit.Document.QuerySelector("input[name='Input.ExcludedFromSync']")!.HasAttribute("checked").Should().BeTrue();
        var page = await browser.GetPageAsync($"/Clients/{clientId}");
        page.Document.QuerySelector("[data-testid=contacts] [data-testid=not-synced]")!.TextContent.Should().Be("not synced");

        // An unticked checkbox posts nothing but its hidden "false": the contact is synced again.
        var saved = await browser.PostFormAsync($"/Clients/{clientId}/Contacts/{contact.Id}", new Dictionary<string, string>
        {
            ["Input.Name"] = "Hoa",
            ["Input.Email"] = "hoa@friends.example",
            ["Input.ExcludedFromSync"] = "false",
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Contacts.Select(c => c.ExcludedFromSync).SingleAsync())).Should().BeFalse();
        (await browser.GetPageAsync($"/Clients/{clientId}")).Document.QuerySelector("[data-testid=not-synced]").Should().BeNull();
    }
}
