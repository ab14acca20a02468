using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>The app in English, Vietnamese and Persian (right-to-left), switched with the footer.</summary>
public sealed class LocalizationJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly Dictionary<string, string> SwitcherLabel = new() { ["en"] = "English", ["vi"] = "Tiếng Việt", ["fa"] = "فارسی" };

    [Theory]
    [InlineData("en-GB", "ltr", "Sign in")]
    [InlineData("vi-VN", "ltr", "Đăng nhập")]
    [InlineData("fa-IR", "rtl", "ورود")]
    public async Task Sign_in_page_follows_the_browser_language(string locale, string dir, string heading)
    {
        var page = await app.NewPageAsync(locale);
        await page.GotoAsync("/Account/Login");
        (await page.GetAttributeAsync("html", "dir")).Should().Be(dir);
        (await page.Locator("h1").InnerTextAsync()).Should().Be(heading);
        await BrowserApp.ScreenshotAsync(page, "i18n-login-" + locale[..2]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_pages_in_each_language_and_the_navigation_moves_right_in_Persian()
    {
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        try
        {
            foreach (var (lang, heading) in new[] { ("en", "Administration"), ("vi", "Quản trị"), ("fa", "مدیریت") })
            {
                await page.GotoAsync("/Admin");
                await SwitchAsync(page, lang);
                (await page.Locator("h1").InnerTextAsync()).Should().Be(heading);
                await BrowserApp.ScreenshotAsync(page, "i18n-admin-" + lang);
                await page.GotoAsync("/Admin/Users");
                await BrowserApp.ScreenshotAsync(page, "i18n-users-" + lang);
                await page.GotoAsync("/Admin/Audit");
                await BrowserApp.ScreenshotAsync(page, "i18n-audit-" + lang);
                await page.GotoAsync("/Account/Preferences");
                await BrowserApp.ScreenshotAsync(page, "i18n-preferences-" + lang);

                var width = page.ViewportSize!.Width;
                var brand = (await page.Locator(".navbar-brand").BoundingBoxAsync())!;
                var firstLink = (await page.Locator("#mainNav .nav-link").First.BoundingBoxAsync())!;
                var signOut = (await page.Locator("nav form button[type=submit]").BoundingBoxAsync())!;
                if (lang == "fa")
                {
                    (await page.GetAttributeAsync("html", "dir")).Should().Be("rtl");
                    (brand.X + brand.Width).Should().BeGreaterThan(width / 2f, "the brand sits on the right in Persian");
                    firstLink.X.Should().BeLessThan(brand.X, "the menu follows the brand towards the left");
                    signOut.X.Should().BeLessThan(width / 2f, "the sign-out button moves to the left");
                }
                else
                {
                    (await page.GetAttributeAsync("html", "dir")).Should().Be("ltr");
                    brand.X.Should().BeLessThan(width / 2f);
                    firstLink.X.Should().BeGreaterThan(brand.X);
                    signOut.X.Should().BeGreaterThan(width / 2f);
                }
            }
        }
        finally
        {
            await SwitchAsync(page, "en");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Switcher_round_trip_keeps_the_page_and_remembers_the_choice_at_the_next_sign_in()
    {
        var page = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
        try
        {
            await page.GotoAsync("/Prospects");
            await SwitchAsync(page, "fa");
            new Uri(page.Url).AbsolutePath.Should().Be("/Prospects");
            (await page.Locator("h1").InnerTextAsync()).Should().Be("مشتریان بالقوه");
            (await page.Locator("[data-testid=current-user] bdi").InnerTextAsync()).Should().Be("An Nguyễn");

            // Signing in again from an English browser: the saved choice wins.
            await page.Context.ClearCookiesAsync();
            var again = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
            await again.GotoAsync("/Today");
            (await again.GetAttributeAsync("html", "lang")).Should().Be("fa");
            await SwitchAsync(again, "vi");
            (await again.Locator("h1").InnerTextAsync()).Should().Be("Hôm nay");
            await SwitchAsync(again, "en");
            (await again.GetAttributeAsync("html", "dir")).Should().Be("ltr");
            (await again.Locator("h1").InnerTextAsync()).Should().Be("Today");
            await again.Context.CloseAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task SwitchAsync(IPage page, string lang)
    {
        await page.Locator("[data-testid=language-switcher]").GetByRole(AriaRole.Button, new() { Name = SwitcherLabel[lang] }).ClickAsync();
        await page.WaitForFunctionAsync("lang => document.documentElement.lang === lang", lang);
    }
}
