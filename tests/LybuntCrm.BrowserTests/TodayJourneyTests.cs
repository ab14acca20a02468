using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>A manager opens Today, sees a check-in to catch up on with the phone number ready, logs the call and the list empties.</summary>
public sealed class TodayJourneyTests : IAsyncLifetime
{
    private const string Password = JourneyApp.Password;
    private JourneyApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new JourneyApp();

        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        (await accounts.CreateAsync(new NewUser("an@example.com", Password, "An Nguyen", Roles.AccountManager))).Succeeded.Should().BeTrue();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var managerId = await db.Users.Where(u => u.Email == "an@example.com").Select(u => u.Id).SingleAsync();
        var client = new Client { Name = "Harbour Bakery", OwnerId = managerId, CreatedOn = new DateOnly(2024, 1, 1), PreferredChannel = Channel.Phone };
        client.Contacts.Add(new Contact { Name = "Mai Tran", Phone = "+84 28 3822 1234", Email = "mai@harbour.example", IsPrimary = true });
        client.Touchpoints.Add(new Touchpoint { UserId = managerId, OccurredOn = new DateOnly(2026, 1, 20), Outcome = TouchpointOutcome.Reached });
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<CheckInScheduleJob>().ScheduleAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_manager_logs_a_call_from_today_and_the_check_in_moves_out()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        page.SetDefaultTimeout(60_000);

        await page.GotoAsync(_app.BaseUrl + "/");
        await page.FillAsync("input[name='Input.Email']", "an@example.com");
        await page.FillAsync("input[name='Input.Password']", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Today");

        var item = page.Locator("[data-testid=follow-up]").First;
        (await item.Locator(".client-link").InnerTextAsync()).Should().Be("Harbour Bakery");
        (await item.Locator("[data-testid=call]").GetAttributeAsync("href")).Should().Be("tel:+842838221234");
        // Long due but never planned before: catch-up work, not "overdue".
        (await item.Locator("[data-testid=catch-up-item]").InnerTextAsync()).Should().Contain("Catch-up");
        (await item.Locator("[data-testid=overdue]").CountAsync()).Should().Be(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("today.png"), FullPage = true });

        // The row is compact; "More" opens its full forms, with the cursor in the note.
        await item.Locator("[data-testid=more]").ClickAsync();
        await page.WaitForSelectorAsync("[data-testid=item-panel]");
        string? focused = null;
        for (var attempt = 0; attempt < 40 && focused != "done.Summary"; attempt++)
        {
            await Task.Delay(50); // the page puts the cursor in the note just after it has loaded
            focused = await page.EvaluateAsync<string?>("document.activeElement.name");
        }
        focused.Should().Be("done.Summary");
        await item.Locator("textarea[name='done.Summary']").FillAsync("Ordered cakes for the summer fair");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("today-done-form.png"), FullPage = true });
        await item.Locator("button", new LocatorLocatorOptions { HasText = "Log the touch and close" }).ClickAsync();

        await page.WaitForSelectorAsync("[data-testid=empty-state]");
        (await page.Locator(".alert-success").InnerTextAsync()).Should().Contain("Next check-in with Harbour Bakery");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("today-empty.png"), FullPage = true });
    }

    private static string ScreenshotPath(string name) =>
        Path.Combine(Environment.GetEnvironmentVariable("SCREENSHOT_DIR") ?? Path.GetTempPath(), name);
}
