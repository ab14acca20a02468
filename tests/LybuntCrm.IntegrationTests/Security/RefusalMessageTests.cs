using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Features.Clients;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>A refused request says why in words that fit it, in the reader's language.</summary>
public sealed class RefusalMessageTests
{
    private const string RecordMessage = "You can look at this record, but only its owner or an administrator can change it.";

    [Fact]
    public async Task A_manager_opening_an_admin_page_is_told_it_is_for_administrators_not_about_records()
    {
        using var app = new CrmApp();
        var (_, _, otherId) = await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(db => db.AddClientAsync("Tom's client", otherId));
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        foreach (var path in new[] { "/Admin", "/Admin/Users", "/Import" })
        {
            var page = await browser.GetPageAsync(path);
            page.StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
            page.Text.Should().Contain("This page is for administrators.", path).And.NotContain(RecordMessage, path);
        }

        var edit = await browser.GetPageAsync($"/Clients/Edit/{clientId}");
        edit.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        edit.Text.Should().Contain(RecordMessage);

        var otherList = await browser.GetPageAsync($"/Today?user={otherId}");
        otherList.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherList.Text.Should().Contain("Your account does not have access to this page.").And.NotContain(RecordMessage);
    }

    [Fact]
    public async Task The_refusal_is_in_the_readers_language()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var token = (await browser.GetPageAsync("/Account/Preferences")).AntiforgeryToken;
        await browser.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = "vi", ["returnUrl"] = "/" }, token);

        var page = await browser.GetPageAsync("/Admin");

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        page.Text.Should().Contain("Trang này dành cho quản trị viên.");
    }
}
