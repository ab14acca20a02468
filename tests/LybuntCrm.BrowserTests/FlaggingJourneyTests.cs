using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>An admin runs the LYBUNT flagging from its page: the page shows the run and comes back with the new figures by itself.</summary>
public sealed class FlaggingJourneyTests : IAsyncLifetime
{
    private const string Password = JourneyApp.Password;
    private JourneyApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new JourneyApp(runJobs: true);

        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        (await accounts.CreateAsync(new NewUser("admin@example.com", Password, "Ada Admin", Roles.Admin))).Succeeded.Should().BeTrue();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var adminId = db.Users.Single(u => u.Email == "admin@example.com").Id;
        var client = new Client { Name = "Saigon Print House", OwnerId = adminId, CreatedOn = new DateOnly(2020, 1, 1) };
        client.Purchases.Add(new Purchase { Date = new DateOnly(2025, 4, 1), Amount = 1500m });
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        await ClientFacts.RefreshAsync(db, client.Id);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_page_follows_the_run_and_shows_the_new_figures_without_a_refresh()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(_app.BaseUrl + "/");
        await page.FillAsync("input[name='Input.Email']", "admin@example.com");
        await page.FillAsync("input[name='Input.Password']", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Today");

        await page.GotoAsync(_app.BaseUrl + "/Lybunt");
        (await page.Locator("[data-testid=at-risk-count]").InnerTextAsync()).Trim().Should().Be("0");
        await page.Locator("button", new PageLocatorOptions { HasText = "Run flagging now" }).ClickAsync();

        await page.WaitForSelectorAsync("[data-testid=flagging-done]");
        page.Url.Should().Contain("flagged=");
        (await page.Locator("[data-testid=at-risk-count]").InnerTextAsync()).Trim().Should().Be("1");
        (await page.Locator("[data-testid=lybunt-table]").InnerTextAsync()).Should().Contain("Saigon Print House");
    }
}
