using System.Text.RegularExpressions;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Features.Account;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// "Forgot your password?" from the sign-in page to a new password, and the signed-in browsers page, in English and
/// Persian on a phone and a laptop (each photographed; nothing may scroll sideways).
/// </summary>
public sealed partial class PasswordResetJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NewPassword = "a-new-password-for-an";
    private static readonly (int Width, int Height)[] Widths = [(390, 844), (1366, 900)];

    [Fact]
    public async Task A_manager_resets_the_password_by_email_and_sees_the_signed_in_browsers()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("forgot-password").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/ForgotPassword"));
        await PhotographAsync(page, "forgot-password-en");
        await page.GetByLabel("Email").FillAsync(BrowserApp.ManagerEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await page.GetByTestId("reset-sent").WaitForAsync();
        await PhotographAsync(page, "forgot-password-sent-en");

        await page.GotoAsync(await LatestLinkAsync());
        await PhotographAsync(page, "reset-password-en");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("New password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Login"));
        await page.GetByLabel("Email").FillAsync(BrowserApp.ManagerEmail);
        await page.GetByLabel("Password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));

        await page.GotoAsync("/Account/Profile");
        await page.GetByTestId("my-sessions").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Account/Sessions"));
        (await page.GetByTestId("this-browser").CountAsync()).Should().Be(1);
        await PhotographAsync(page, "sessions-en");
        await page.Locator("[data-testid=language-switcher] button[value=fa]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.dir === 'rtl'");
        await PhotographAsync(page, "sessions-fa");
        await page.Locator("[data-testid=language-switcher] button[value=en]").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.dir === 'ltr'");
        await page.Context.CloseAsync();

        var persian = await app.NewPageAsync("fa-IR");
        await persian.GotoAsync("/Account/ForgotPassword");
        (await persian.EvaluateAsync<string>("() => document.documentElement.dir")).Should().Be("rtl");
        await PhotographAsync(persian, "forgot-password-fa");
        await persian.Locator("input[name='Input.Email']").FillAsync(BrowserApp.ManagerEmail);
        await persian.Locator("main form button[type=submit]").ClickAsync();
        await persian.GetByTestId("reset-sent").WaitForAsync();
        await PhotographAsync(persian, "forgot-password-sent-fa");
        await persian.GotoAsync(await LatestLinkAsync());
        await PhotographAsync(persian, "reset-password-fa");
        await persian.GotoAsync(await FirstLinkAsync());
        await persian.GetByTestId("reset-link-refused").WaitForAsync();
        await PhotographAsync(persian, "reset-password-used-fa");
        await persian.Context.CloseAsync();
    }

    private static async Task PhotographAsync(IPage page, string name)
    {
        foreach (var (width, height) in Widths)
        {
            await page.SetViewportSizeAsync(width, height);
            var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            scroll.Should().BeLessThanOrEqualTo(width, $"{name} fits {width} px");
            await BrowserApp.ScreenshotAsync(page, $"{name}-{width}");
        }
    }

    private Task<string> LatestLinkAsync() => LinkAsync(latest: true);

    private Task<string> FirstLinkAsync() => LinkAsync(latest: false);

    private async Task<string> LinkAsync(bool latest)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var emails = scope.ServiceProvider.GetRequiredService<CrmDbContext>().OutboundEmails.AsNoTracking()
            .Where(e => e.Kind.StartsWith(PasswordResetEmail.KindPrefix));
        var text = await (latest ? emails.OrderByDescending(e => e.Id) : emails.OrderBy(e => e.Id)).Select(e => e.TextBody).FirstAsync();
        return new Uri(ResetLink().Match(text).Value).PathAndQuery;
    }

    [GeneratedRegex(@"http://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}
