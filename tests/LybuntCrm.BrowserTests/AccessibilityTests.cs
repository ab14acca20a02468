using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Infrastructure.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// axe-core on every main page in English, Vietnamese and Persian with demo data: no serious or critical violation.
/// Also the skip link and a visible keyboard focus.
/// </summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string[] Pages =
        ["/Today", "/Clients", "/Clients/1", "/Clients/1/Write", "/Clients/Edit", "/Lybunt", "/Prospects", "/Admin", "/Admin/Users", "/Admin/Audit",
         "/Admin/Outbox", "/Admin/Settings", "/Admin/Templates", "/Import", "/Account/Profile", "/Account/Preferences", "/Account/Mailbox", "/Account/Telegram",
         "/Admin/Mailboxes", "/Today/Calendar",
         "/Managers"];

    [Fact]
    public async Task Main_pages_have_no_serious_or_critical_accessibility_violations_in_any_language()
    {
        string managerId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(managerPassword: null);
            managerId = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Users
                .Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
        }
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var problems = new List<string>();
        foreach (var language in new[] { "en", "vi", "fa" })
        {
            await page.GotoAsync("/Today");
            await page.Locator($"[data-testid=language-switcher] button[value={language}]").ClickAsync();
            foreach (var path in Pages.Append("/Managers/" + managerId))
            {
                await page.GotoAsync(path);
                var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "best-practice"] } });
                foreach (var violation in results.Violations.Where(v => v.Impact is "serious" or "critical"))
                    problems.Add($"{language} {path}: {violation.Id} ({violation.Impact}) {violation.Help} — " +
                        string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Target?.ToString())));
            }
        }
        problems.Should().BeEmpty();
    }

    [Fact]
    public async Task A_skip_link_leads_past_the_navigation_and_the_keyboard_focus_is_visible()
    {
        var page = await app.SignedInPageAsync(BrowserApp.ManagerEmail);
        await page.GotoAsync("/Clients");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip-link");
        (await skip.EvaluateAsync<bool>("e => e === document.activeElement")).Should().BeTrue("the skip link is the first stop");
        (await skip.IsVisibleAsync()).Should().BeTrue("it shows when focused");
        await page.Keyboard.PressAsync("Enter");
        (await page.EvaluateAsync<string>("document.activeElement.id")).Should().Be("main");

        await page.Keyboard.PressAsync("Tab");
        var outline = await page.EvaluateAsync<string>("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).boxShadow");
        outline.Should().NotBe("none none", "the focused element shows where the keyboard is");
    }
}
