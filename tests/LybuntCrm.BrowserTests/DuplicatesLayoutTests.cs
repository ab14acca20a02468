using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// The likely duplicates, a side-by-side merge and a timeline with a merge to undo, on a phone (390 px) and a laptop
/// (1366 px) in English, Vietnamese and Persian: nothing scrolls sideways; each is photographed.
/// </summary>
public sealed class DuplicatesLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly (int Width, int Height)[] Widths = [(390, 844), (1366, 900)];

    [Fact]
    public async Task Duplicate_pages_fit_a_phone_and_a_laptop_in_every_language_and_are_photographed()
    {
        var (keep, absorb, merged) = await ArrangeAsync();
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var pages = new (string Url, string Name)[]
        {
            ("/Clients/Duplicates", "duplicates"),
            ($"/Clients/Duplicates/Merge?keep={keep}&absorb={absorb}", "merge"),
            ($"/Clients/{merged}", "client-merged"),
        };
        var problems = new List<string>();
        try
        {
            foreach (var language in new[] { "fa", "en", "vi" })
            {
                await page.SetViewportSizeAsync(1366, 900);
                await page.GotoAsync("/Clients");
                await SwitchAsync(page, language);
                foreach (var (url, name) in pages)
                {
                    var response = await page.GotoAsync(url);
                    response!.Status.Should().Be(200, url);
                    foreach (var (width, height) in Widths)
                    {
                        await page.SetViewportSizeAsync(width, height);
                        var scroll = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                        var inner = await page.EvaluateAsync<int>("() => window.innerWidth");
                        if (scroll > inner) problems.Add($"{language} {url} at {width} px is {scroll} px wide");
                        await BrowserApp.ScreenshotAsync(page, $"duplicates-{name}-{language}-{width}");
                    }
                }
                (await page.Locator("[data-testid=undo-merge]").CountAsync()).Should().Be(1);
            }
            (await page.GotoAsync("/Clients/Duplicates"))!.Status.Should().Be(200);
            (await page.Locator("[data-testid=duplicate-pair]").CountAsync()).Should().BeGreaterThan(1);
        }
        finally
        {
            await page.SetViewportSizeAsync(1366, 900);
            await SwitchAsync(page, "en");
            await page.Context.CloseAsync();
        }
        problems.Should().BeEmpty();
    }

    private static async Task SwitchAsync(IPage page, string language)
    {
        await page.Locator($"[data-testid=language-switcher] button[value={language}]").ClickAsync();
        await page.WaitForFunctionAsync("lang => document.documentElement.lang === lang", language);
    }

    /// <summary>Clients in three spellings and scripts, the scan, and one pair merged so that a timeline shows its undo.</summary>
    private async Task<(int Keep, int Absorb, int Merged)> ArrangeAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CrmDbContext>();
        var managerId = await db.Users.Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserApp.AdminEmail).Select(u => u.Id).SingleAsync();
        async Task<int> AddAsync(string name, string? phone, string? email, decimal? bought = null, string? notes = null)
        {
            var client = new Client { Name = name, OwnerId = managerId, CreatedOn = BrowserApp.Today.AddYears(-2), CreatedAtUtc = DateTime.UtcNow, Notes = notes };
            if (phone is not null || email is not null) client.Contacts.Add(new Contact { Name = "Lan " + name[..4], Phone = phone, Email = email, IsPrimary = true });
            if (bought is { } amount) client.Purchases.Add(new Purchase { Date = BrowserApp.Today.AddMonths(-14), Amount = amount });
            client.SearchText = SearchText.ForClient(client.Name, null, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            await ClientFacts.RefreshAsync(db, client.Id);
            return client.Id;
        }
        var keep = await AddAsync("Công ty TNHH Thái Bình Dương", "+84903123456", "lan@thaibinhduong.vn", 12_500_000m, "Gọi sau 3 giờ chiều");
        var absorb = await AddAsync("THAI BINH DUONG CO., LTD", "+84903123456", "hung@thaibinhduong.vn", 800m, "Prefers email");
        await AddAsync("شرکت سهامی خاص كاوه", "+989123456789", null);
        await AddAsync("کاوه", "+989123456789", null);
        var merged = await AddAsync("Orchid Hall", null, "events@orchidhall.co.uk", 4_000m);
        var other = await AddAsync("ORCHID HALL LLC", null, "bookings@orchidhall.co.uk");
        await AddAsync("Smith & Jones Events Ltd.", "+442079460958", null);
        await AddAsync("Smith Jones Events", "+442079460958", null);
        await sp.GetRequiredService<DuplicateScan>().RunAsync();
        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, adminId), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        (await sp.GetRequiredService<ClientMerger>().MergeAsync(merged, other, new HashSet<string>(), admin)).Succeeded.Should().BeTrue();
        return (keep, absorb, merged);
    }
}
