using LybuntCrm.TestOracles;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>A manager turns on two-factor sign-in from their profile with the key the page shows, then signs in with a code.</summary>
public sealed class TwoFactorJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly (int Width, int Height)[] Widths = [(1366, 900), (390, 844)];

    [Fact]
    public async Task A_manager_turns_on_two_factor_from_the_profile_and_then_signs_in_with_a_code_from_the_app()
    {
        var page = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
        await page.GotoAsync("/Account/Profile");
        await page.Locator("[data-testid=two-factor-link]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/TwoFactor"));
        (await page.Locator("[data-testid=qr-code]").EvaluateAsync<int>("img => img.naturalWidth")).Should().BePositive("the QR code is drawn");

        foreach (var language in new[] { "fa", "en" })
        {
            await SwitchAsync(page, language);
            foreach (var (width, height) in Widths)
            {
                await page.SetViewportSizeAsync(width, height);
                (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue($"{language} at {width} px");
                await BrowserApp.ScreenshotAsync(page, $"two-factor-setup-{language}-{width}");
            }
        }
        await page.SetViewportSizeAsync(1366, 900);
        (await page.Locator("[data-testid=authenticator-key]").GetAttributeAsync("dir")).Should().Be("ltr");

        var key = (await page.Locator("[data-testid=authenticator-key]").InnerTextAsync()).Replace(" ", "");
        await page.GetByLabel("Code from your authenticator app").FillAsync(AuthenticatorApp.Code(key, DateTimeOffset.UtcNow));
        await page.Locator("[data-testid=enable-two-factor]").ClickAsync();
        (await page.Locator("[data-testid=recovery-codes] li").CountAsync()).Should().Be(10);
        await BrowserApp.ScreenshotAsync(page, "two-factor-recovery-codes-en-1366");
        await page.Locator("[data-testid=continue]").ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Login"));
        await page.GotoAsync("/Clients");
        await page.GetByLabel("Email").FillAsync(BrowserApp.ManagerEmail);
        await page.GetByLabel("Password").FillAsync(BrowserApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/LoginTwoFactor"));
        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.ScreenshotAsync(page, "two-factor-login-en-390");

        // The code of the next half-minute: the one used to turn it on cannot be used twice.
        await page.GetByLabel("Code from your authenticator app").FillAsync(AuthenticatorApp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Clients"));
        (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Should().Be("An Nguyễn");
        await page.Context.CloseAsync();
    }

    private static async Task SwitchAsync(IPage page, string language)
    {
        await page.Locator($"[data-testid=language-switcher] button[value={language}]").ClickAsync();
        await page.WaitForFunctionAsync("lang => document.documentElement.lang === lang", language);
    }
}
