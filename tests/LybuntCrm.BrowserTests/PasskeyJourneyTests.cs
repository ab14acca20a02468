using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// Passkeys end to end with Chromium's virtual authenticator (DevTools protocol WebAuthn domain): a platform
/// authenticator that keeps discoverable credentials and verifies the user without a prompt.
/// </summary>
public sealed class PasskeyJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    // WebAuthn refuses IP addresses as the relying party, so these pages use the loopback name rather than 127.0.0.1.
    private string LocalhostUrl => $"http://localhost:{app.Port}";

    [Fact]
    public async Task A_manager_adds_a_passkey_signs_in_with_it_alone_removes_it_and_it_is_refused_after()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = LocalhostUrl,
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        var added = await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
            },
        });
        var authenticatorId = added!.Value.GetProperty("authenticatorId").GetString()!;

        // Signed in with the password, the manager adds a passkey from the profile page and names it.
        await SignInWithPasswordAsync(page);
        await page.GotoAsync("/Account/Profile");
        await page.Locator("[data-testid=my-passkeys]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Passkeys"));
        (await page.Locator("[data-testid=no-passkeys]").CountAsync()).Should().Be(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        var nameForm = page.Locator("[data-testid=passkey-name-form]");
        await nameForm.WaitForAsync();
        (await page.GetByLabel("Passkey name").InputValueAsync()).Should().Be("Passkey on Chrome/Linux", "a new passkey is named after the device until renamed");
        await page.GetByLabel("Passkey name").FillAsync("Work laptop");
        await nameForm.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await nameForm.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var rows = page.Locator("[data-testid=passkey-row]");
        (await rows.CountAsync()).Should().Be(1);
        (await rows.First.InnerTextAsync()).Should().Contain("Work laptop").And.Contain("Not used yet");
        var credentials = await devTools.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = authenticatorId });
        credentials!.Value.GetProperty("credentials").GetArrayLength().Should().Be(1);
        credentials.Value.GetProperty("credentials")[0].GetProperty("isResidentCredential").GetBoolean().Should().BeTrue();

        // Signed out, the passkey alone signs in: no email, no password, no second step.
        await SignOutAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Should().Be("An Nguyễn");

        await page.GotoAsync("/Account/Passkeys");
        (await rows.First.InnerTextAsync()).Should().Contain("Work laptop").And.NotContain("Not used yet", "the sign-in is its last use");
        await ScreenshotsAsync(page, "passkeys");

        // Removed (after the confirmation), the passkey no longer signs in, though the authenticator still offers it.
        string? question = null;
        page.Dialog += async (_, dialog) => { question = dialog.Message; await dialog.AcceptAsync(); };
        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await page.Locator("[data-testid=no-passkeys]").WaitForAsync();
        question.Should().Contain("Work laptop");

        await SignOutAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await page.Locator(".alert-danger").WaitForAsync();
        (await page.Locator(".alert-danger").InnerTextAsync()).Should().Contain("That passkey did not sign you in");
        page.Url.Should().Contain("/Account/Login");
        (await page.Locator("[data-testid=current-user]").CountAsync()).Should().Be(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_page_offers_a_passkey_in_each_language_and_width()
    {
        foreach (var (locale, button) in new[] { ("en-GB", "Sign in with a passkey"), ("fa-IR", "ورود با کلید عبور") })
        {
            var page = await app.NewPageAsync(locale);
            await page.GotoAsync("/Account/Login");
            (await page.GetByRole(AriaRole.Button, new() { Name = button }).CountAsync()).Should().Be(1);
            (await page.GetAttributeAsync("#Input_Email", "autocomplete")).Should().Be("username webauthn");
            await ScreenshotsAsync(page, "passkey-login-" + locale[..2]);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_browser_without_passkeys_is_told_so_in_its_language()
    {
        var page = await app.NewPageAsync("fa-IR");
        // As an old browser would be: no WebAuthn at all.
        await page.AddInitScriptAsync("delete window.PublicKeyCredential;");
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "ورود با کلید عبور" }).ClickAsync();
        (await page.Locator("[data-passkey-message]").InnerTextAsync()).Should().Contain("این مرورگر نمی‌تواند از کلید عبور استفاده کند");
        await page.Context.CloseAsync();
    }

    private static async Task SignInWithPasswordAsync(IPage page)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(BrowserApp.ManagerEmail);
        await page.GetByLabel("Password").FillAsync(BrowserApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Login"));
        if (!page.Url.Contains("/Account/Login")) await page.GotoAsync("/Account/Login");
    }

    /// <summary>The page at a desktop and a phone width, in English and, when signed in, in Persian too.</summary>
    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        var signedIn = await page.Locator("[data-testid=current-user]").CountAsync() > 0;
        foreach (var lang in signedIn ? new[] { "en", "fa" } : [""])
        {
            if (lang.Length > 0)
            {
                await page.Locator($"[data-testid=language-switcher] button[value={lang}]").ClickAsync();
                await page.Locator($"html[lang={lang}]").WaitForAsync();
            }
            foreach (var width in new[] { 1366, 390 })
            {
                await page.SetViewportSizeAsync(width, 900);
                // PNG: the pages are short, and text edges stay sharp for reading the Persian.
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(BrowserApp.ScreenshotDirectory, $"{name}{(lang.Length > 0 ? "-" + lang : "")}-{width}.png"),
                    FullPage = true,
                });
            }
        }
        if (signedIn)
        {
            await page.Locator("[data-testid=language-switcher] button[value=en]").ClickAsync();
            await page.Locator("html[lang=en]").WaitForAsync();
        }
        await page.SetViewportSizeAsync(1366, 900);
    }
}
