using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// The API reference page in a real browser: Scalar draws the endpoints from the app's own script and document under the
/// app's script policy (nothing refused, nothing fetched from elsewhere), and the page fits a phone and a laptop in English
/// and Persian.
/// </summary>
public sealed class ApiReferenceLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_reference_draws_every_endpoint_from_the_app_alone_and_fits_in_english_and_persian()
    {
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var refused = new List<string>();
        var elsewhere = new List<string>();
        page.Console += (_, message) =>
        {
            // Scalar's stylesheet names its web fonts on its own servers; the policy refuses them and the page keeps the
            // system fonts. Anything else refused would be a part of the page that does not work.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                && !message.Text.StartsWith("Loading the font 'https://fonts.scalar.com/", StringComparison.Ordinal))
                refused.Add(message.Text);
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(app.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)) elsewhere.Add(request.Url);
        };
        try
        {
            foreach (var language in new[] { "en", "fa" })
            {
                await page.SetViewportSizeAsync(1366, 900);
                await page.GotoAsync("/Account/Preferences");
                await page.Locator($"[data-testid=language-switcher] button[value={language}]").ClickAsync();
                await page.WaitForFunctionAsync("lang => document.documentElement.lang === lang", language);
                await page.GotoAsync("/Api/Reference");
                // Scalar names each operation by its path; the client create is one of them.
                await page.Locator("#api-reference").GetByText("/api/v1/clients/{clientId}/contacts").First
                    .WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 60_000 });
                foreach (var (width, height) in new[] { (1366, 900), (390, 844) })
                {
                    await page.SetViewportSizeAsync(width, height);
                    var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                    scroll.Should().BeLessThanOrEqualTo(width, $"{language} at {width} px does not scroll sideways");
                    await BrowserApp.ScreenshotAsync(page, $"api-reference-{language}-{width}");
                    // And the whole drawn reference as PNG, to read the endpoints' text when checking the page by eye.
                    await page.ScreenshotAsync(new PageScreenshotOptions
                    {
                        Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"api-reference-{language}-{width}.png"),
                    });
                }
            }
        }
        finally
        {
            await page.SetViewportSizeAsync(1366, 900);
            await page.GotoAsync("/Account/Preferences");
            await page.Locator("[data-testid=language-switcher] button[value=en]").ClickAsync();
            await page.Context.CloseAsync();
        }
        refused.Should().BeEmpty("the page's scripts and styles are allowed by the app's policy");
        elsewhere.Where(url => !url.StartsWith("https://fonts.scalar.com/", StringComparison.Ordinal)).Should()
            .BeEmpty("there is no internet: everything the page needs comes from the app");
    }
}
