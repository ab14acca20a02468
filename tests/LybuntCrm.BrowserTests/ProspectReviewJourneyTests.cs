using LybuntCrm.Web.Infrastructure.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

public sealed class ProspectReviewJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Manager_reviews_a_flagged_prospect_and_disqualifies_it_with_a_reason()
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(managerPassword: null);
        var page = await app.SignedInPageAsync(BrowserApp.ManagerEmail);

        await page.GotoAsync("/Prospects");
        (await page.Locator("[data-testid=prospect-card]").CountAsync()).Should().BeGreaterThan(0);
        await BrowserApp.ScreenshotAsync(page, "prospects-board");

        var flagged = page.Locator("[data-testid=signals]").First;
        var name = await flagged.Locator("xpath=ancestor::div[@data-testid='prospect-card']//a[1]").First.InnerTextAsync();
        await flagged.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Prospects/Review/"));
        (await page.Locator("[data-testid=signal]").CountAsync()).Should().BeGreaterThan(0);
        await BrowserApp.ScreenshotAsync(page, "prospect-review");

        await page.Locator("#d-disqualify").CheckAsync();
        await page.Locator("#Input_Reason").SelectOptionAsync("Other");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        (await page.Locator(".field-validation-error").AllInnerTextsAsync()).Should().Contain("Explain the reason in a note when it is \"other\".");

        await page.Locator("#Input_Note").FillAsync("Wants everything for free; not a fit for us.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/Prospects"));
        (await page.Locator(".alert-success").InnerTextAsync()).Should().Contain(name).And.Contain("disqualified");

        await page.GotoAsync("/Prospects/Disqualified");
        (await page.Locator("[data-testid=disqualified] tbody").InnerTextAsync()).Should().Contain(name).And.Contain("Wants everything for free");
        await BrowserApp.ScreenshotAsync(page, "prospects-disqualified");
        await page.Context.CloseAsync();
    }
}
