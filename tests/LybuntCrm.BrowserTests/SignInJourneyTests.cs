using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

public sealed class SignInJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Wrong_password_shows_a_message_and_the_right_one_opens_the_app()
    {
        var page = await app.NewPageAsync();
        var context = page.Context;
        await page.GotoAsync("/Clients");
        page.Url.Should().Contain("/Account/Login");
        await BrowserApp.ScreenshotAsync(page, "login");

        await page.GetByLabel("Email").FillAsync(BrowserApp.ManagerEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        (await page.Locator(".alert-danger").InnerTextAsync()).Should().Contain("Email or password is incorrect");

        await page.GetByLabel("Password").FillAsync(BrowserApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Clients"));
        (await page.Locator("[data-testid=current-user]").InnerTextAsync()).Should().Be("An Nguyễn");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Admin_sees_the_admin_pages_and_a_manager_does_not()
    {
        var admin = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        await admin.GotoAsync("/Admin");
        (await admin.Locator("h1").InnerTextAsync()).Should().Be("Administration");
        await BrowserApp.ScreenshotAsync(admin, "admin");
        await admin.GotoAsync("/Admin/Users");
        (await admin.Locator("table tbody tr").CountAsync()).Should().Be(2);
        await BrowserApp.ScreenshotAsync(admin, "admin-users");
        await admin.Context.CloseAsync();

        var manager = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
        (await manager.Locator("nav a[href='/Admin']").CountAsync()).Should().Be(0);
        var response = await manager.GotoAsync("/Admin/Users");
        response!.Status.Should().Be(403);
        await manager.Context.CloseAsync();
    }
}
