using System.Security.Claims;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Clients.Duplicates;
using LybuntCrm.Web.Features.Import;
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
        var importRun = await LikelyImportAsync("Công ty Cổ phần Hoa Sen Sài Gòn", "+84907778881", "HOA SEN SAI GON JSC,0907 778 881\nشرکت کاوه پارس,0907 778 882\n");
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var pages = new (string Url, string Name)[]
        {
            ("/Clients/Duplicates", "duplicates"),
            ($"/Clients/Duplicates/Merge?keep={keep}&absorb={absorb}", "merge"),
            ($"/Import/Run?id={importRun}", "import-likely"),
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

    [Fact]
    public async Task The_import_dry_run_lists_a_row_alike_to_a_client_and_the_choice_made_in_the_browser_is_kept()
    {
        var runId = await LikelyImportAsync("Công ty TNHH Bến Nghé", "+84907778890", "CONG TY TNHH BEN NGHE,0907 778 890\n");
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        try
        {
            await page.GotoAsync($"/Import/Run?id={runId}");
            var row = page.Locator("[data-testid=likely-table] tr[data-row='2']");
            (await row.Locator("[data-testid=likely-client]").InnerTextAsync()).Should().Be("Công ty TNHH Bến Nghé");
            (await row.Locator("[data-testid=likely-choice]").InputValueAsync()).Should().Be("skip");

            await row.Locator("[data-testid=likely-choice]").SelectOptionAsync("create");
            await page.Locator("[data-testid=save-choices]").ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("likelyPage", StringComparison.Ordinal));

            (await page.Locator("[data-testid=likely-table] tr[data-row='2'] [data-testid=likely-choice]").InputValueAsync()).Should().Be("create");
            (await page.Locator("[data-count=created]").InnerTextAsync()).Should().Be("1");
            await using var scope = app.Services.CreateAsyncScope();
            (await scope.ServiceProvider.GetRequiredService<CrmDbContext>().ImportLikelyMatches.SingleAsync(m => m.ImportRunId == runId))
                .Choice.Should().Be(ImportMatchChoice.Create);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>A client with a phone, and the dry run of a client file whose rows look like it, as the admin.</summary>
    private async Task<int> LikelyImportAsync(string clientName, string phone, string rows)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CrmDbContext>();
        var managerId = await db.Users.Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
        var adminId = await db.Users.Where(u => u.Email == BrowserApp.AdminEmail).Select(u => u.Id).SingleAsync();
        var client = new Client { Name = clientName, OwnerId = managerId, CreatedOn = BrowserApp.Today.AddYears(-1), CreatedAtUtc = DateTime.UtcNow };
        client.Contacts.Add(new Contact { Name = "Lan", Phone = phone, IsPrimary = true });
        client.SearchText = SearchText.ForClient(client.Name, null, client.Contacts.Select(c => (c.Name, c.Email, c.Phone)));
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        var imports = sp.GetRequiredService<ImportService>();
        await using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("Name,Phone\n" + rows));
        var (run, error) = await imports.CreateAsync(content, "alike.csv", ImportKind.Clients, adminId, CancellationToken.None);
        run.Should().NotBeNull(error);
        (await imports.DryRunAsync(run!, CancellationToken.None)).LikelyMatches.Should().NotBeEmpty();
        return run!.Id;
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
