using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>The charts read with a mouse, a keyboard and a screen reader: a bar's values show on hover and on focus.</summary>
public sealed class ChartTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private async Task<string> LoadDemoAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(managerPassword: null);
        return await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Users
            .Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task A_bars_values_show_on_hover_and_on_keyboard_focus_and_the_table_opens()
    {
        var managerId = await LoadDemoAsync();
        var page = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
        await page.GotoAsync("/Lybunt");

        var tip = page.Locator("[data-testid=revenue-chart] .chart-tip");
        (await tip.IsVisibleAsync()).Should().BeFalse();
        var bar = page.Locator("[data-testid=revenue-chart] .chart-bar").Last;
        var label = await bar.GetAttributeAsync("aria-label");
        label.Should().Contain("Lapsed: ");

        await bar.Locator(".chart-hit").HoverAsync();
        (await tip.IsVisibleAsync()).Should().BeTrue("hovering a bar shows its values");
        (await tip.InnerTextAsync()).Should().Contain(label!.Split(" · ")[^1]);
        await page.Mouse.MoveAsync(1, 1);
        (await tip.IsVisibleAsync()).Should().BeFalse();

        // The keyboard reaches the bars with Tab, after the export and filters above them.
        var first = page.Locator("[data-testid=revenue-chart] .chart-bar").First;
        await page.Locator("a[data-testid=export]").FocusAsync();
        for (var i = 0; i < 10 && !await first.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
            await page.Keyboard.PressAsync("Tab");
        (await first.EvaluateAsync<bool>("e => e === document.activeElement")).Should().BeTrue("the first bar takes the focus");
        (await tip.IsVisibleAsync()).Should().BeTrue("the focused bar shows its values");
        (await tip.InnerTextAsync()).Should().Contain("Retained: ");
        var ring = await first.Locator(".chart-hit").EvaluateAsync<string>("e => getComputedStyle(e).stroke");
        ring.Should().NotBe("none", "the focused bar shows a ring");
        await BrowserApp.ScreenshotAsync(page, "chart-focus-en");
        await page.Keyboard.PressAsync("Escape");
        (await tip.IsVisibleAsync()).Should().BeFalse("Escape hides the tooltip");

        var table = page.Locator("[data-testid=revenue-chart-table]");
        (await table.IsVisibleAsync()).Should().BeFalse();
        await page.Locator("[data-testid=revenue-chart] summary").ClickAsync();
        (await table.IsVisibleAsync()).Should().BeTrue();
        (await table.Locator("tbody tr").CountAsync()).Should().Be(6);

        await page.GotoAsync("/Managers/" + managerId);
        var week = page.Locator("[data-testid=activity-chart] .chart-bar").Last;
        await week.FocusAsync();
        (await page.Locator("[data-testid=activity-chart] .chart-tip").InnerTextAsync()).Should().Contain("Reached: ");
        await page.SetViewportSizeAsync(390, 844);
        await week.BlurAsync();
        await week.FocusAsync();
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(390, "the tooltip stays inside the page");
        await BrowserApp.ScreenshotAsync(page, "chart-focus-manager-390");
        await page.Context.CloseAsync();
    }
}
