using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>An admin runs the LYBUNT flagging from its page: the page shows the run and comes back with the new figures by itself.</summary>
public sealed class FlaggingJourneyTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-browser", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _factory = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            b.UseSetting("App:DataDirectory", _dataDirectory);
            b.UseSetting("Clock:Today", "2026-06-15");
            b.UseSetting("Jobs:RunServer", "true"); // the app runs the job it enqueues, as it does embedded
            b.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        await using var scope = _factory.Services.CreateAsyncScope();
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

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_page_follows_the_run_and_shows_the_new_figures_without_a_refresh()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(_baseUrl + "/");
        await page.FillAsync("input[name='Input.Email']", "admin@example.com");
        await page.FillAsync("input[name='Input.Password']", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Today");

        await page.GotoAsync(_baseUrl + "/Lybunt");
        (await page.Locator("[data-testid=at-risk-count]").InnerTextAsync()).Trim().Should().Be("0");
        await page.Locator("button", new PageLocatorOptions { HasText = "Run flagging now" }).ClickAsync();

        await page.WaitForSelectorAsync("[data-testid=flagging-done]");
        page.Url.Should().Contain("flagged=");
        (await page.Locator("[data-testid=at-risk-count]").InnerTextAsync()).Trim().Should().Be("1");
        (await page.Locator("[data-testid=lybunt-table]").InnerTextAsync()).Should().Contain("Saigon Print House");
    }
}
