using System.Text;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Digest;
using LybuntCrm.Web.Features.Import;
using LybuntCrm.Web.Features.Lybunt;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Demo;
using LybuntCrm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// Every page on a phone (390 px) and a laptop (1366 px), in English, Vietnamese and Persian, with the demo data, a
/// client and a prospect whose names are 200 letters without a space, a long file name in the import history and
/// digests in the outbox: nothing scrolls sideways. A screenshot of each page at each width in each language is saved.
/// </summary>
public sealed class LayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly string LongName = "Aunbroken" + string.Concat(Enumerable.Repeat("Nguyễnسارا", 20))[..191];
    private static readonly string LongProspect = "Bunbroken" + string.Concat(Enumerable.Repeat("احمدیHolding", 20))[..191];
    private static readonly string LongFile = "purchases-" + new string('x', 110) + ".csv";

    /// <summary>The page widths: a common phone and a common laptop.</summary>
    private static readonly (int Width, int Height)[] Widths = [(390, 844), (1366, 900)];

    /// <summary>Anything wider than the window, as "tag.class" and its right and left edges, for the failure message.</summary>
    private const string Overflow = """
        () => {
            const width = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')].map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => r.width > 0 && (r.right > width + 1 || r.left < -1))
                .filter(([e]) => !e.closest('.table-responsive, .overflow-auto, .collapse:not(.show), .visually-hidden, thead'))
                .slice(0, 5).map(([e, r]) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} [${Math.round(r.left)}..${Math.round(r.right)}]`);
            return { scroll: document.documentElement.scrollWidth, width, wide: wide.join(', ') };
        }
        """;

    private sealed class Measured
    {
        public int Scroll { get; set; }
        public int Width { get; set; }
        public string Wide { get; set; } = "";
    }

    [Fact]
    public async Task Every_page_fits_a_phone_and_a_laptop_in_every_language_and_is_photographed()
    {
        var seeded = await ArrangeAsync();
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        var (managerId, clientId) = (seeded.ManagerId, seeded.ClientId);
        int contactId;
        await using (var scope = app.Services.CreateAsyncScope())
            contactId = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Contacts.Where(c => c.ClientId == clientId).Select(c => c.Id).FirstAsync();
        // A token to list on the admin's tokens page.
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<LybuntCrm.Web.Features.Api.ApiTokens>()
                .CreateAsync(managerId, "Shop orders", LybuntCrm.Web.Domain.ApiTokenScope.Write, 90);
        var pages = new (string Url, string Name)[]
        {
            ($"/Today?user={managerId}", "today"), ("/Today/Calendar", "calendar"),
            ("/Clients", "clients"), ($"/Clients/{clientId}", "client-long-name"), ($"/Clients/Edit/{clientId}", "client-edit"),
            ("/Clients/Edit", "client-new"), ($"/Clients/{clientId}/Contacts", "contact-new"),
            ($"/Clients/{clientId}/Contacts/{contactId}/PersonalData", "contact-data"), ($"/Clients/{clientId}/Contacts/{contactId}/Erase", "contact-erase"),
            ($"/Clients/{clientId}/KeyDates/New", "key-date-new"), ($"/Clients/{clientId}/Purchases/New", "purchase-new"),
            ($"/Clients/{clientId}/Touchpoints/New", "touchpoint-new"), ($"/Clients/{clientId}/Write", "write"), ($"/Handoffs/Transfer/{clientId}", "handoff"),
            ("/Lybunt", "lybunt"), ($"/Lybunt/WinBack/{seeded.LybuntClientId}", "win-back"),
            ("/Prospects", "prospects"), ($"/Prospects/Review/{seeded.ProspectId}", "prospect-review"),
            ("/Prospects/Disqualified", "disqualified"), ("/Prospects/Settings", "prospect-settings"),
            ("/Import", "import"), ("/Import/Help", "import-help"), ($"/Import/Map?id={seeded.PendingImportId}", "import-map"),
            ($"/Import/Run?id={seeded.ImportId}", "import-run"),
            ("/Admin", "admin"), ("/Admin/Users", "users"), ("/Admin/Users/Create", "user-new"), ($"/Admin/Users/Edit/{managerId}", "user-edit"),
            ("/Admin/Reassign", "reassign"), ("/Admin/Outbox", "outbox"), ("/Admin/Audit", "audit"), ("/Admin/Settings", "settings"),
            ("/Admin/Templates?kind=Birthday&language=fa", "templates"),
            ("/Account/Profile", "profile"), ("/Account/Preferences", "preferences"), ("/Account/Mailbox", "mailbox"), ("/Account/Telegram", "telegram"),
            ("/Account/Sessions", "sessions"), ("/Account/Tokens", "tokens"), ("/Admin/Tokens", "admin-tokens"),
            ("/Admin/Mailboxes", "mailboxes"), ("/Managers", "managers"),
            ($"/Managers/{managerId}", "manager"), ("/No/Such/Page", "not-found"),
        };
        var problems = new List<string>();
        try
        {
            foreach (var language in new[] { "fa", "en", "vi" })
            {
                await page.SetViewportSizeAsync(1366, 900);
                await page.GotoAsync("/Admin/Settings");
                await SwitchAsync(page, language);
                foreach (var (url, name) in pages)
                {
                    var response = await page.GotoAsync(url);
                    response!.Status.Should().Be(name == "not-found" ? 404 : 200, url);
                    foreach (var (width, height) in Widths)
                    {
                        await page.SetViewportSizeAsync(width, height);
                        var measured = await page.EvaluateAsync<Measured>(Overflow);
                        if (measured.Scroll > measured.Width)
                            problems.Add($"{language} {url} at {width} px is {measured.Scroll} px wide: {measured.Wide}");
                        await BrowserApp.ScreenshotAsync(page, $"layout-{name}-{language}-{width}");
                    }
                }
            }
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
    public async Task Admin_page_links_to_the_settings_and_its_run_now_buttons_stay_on_one_line()
    {
        await ArrangeAsync();
        var page = await app.SignedInPageAsync(BrowserApp.AdminEmail);
        await page.GotoAsync("/Admin");
        (await page.Locator("#mainNav a[href='/Admin/Settings']").CountAsync()).Should().Be(1, "the admin navigation has Settings");
        (await page.Locator("main a[href='/Admin/Settings']").CountAsync()).Should().Be(1, "the Admin page links to the settings it mentions");
        foreach (var (width, height) in Widths)
        {
            await page.SetViewportSizeAsync(width, height);
            var heights = await page.Locator("button[data-job]").EvaluateAllAsync<double[]>("buttons => buttons.map(b => b.getClientRects().length === 1 ? b.getBoundingClientRect().height / parseFloat(getComputedStyle(b).lineHeight) : 9)");
            heights.Should().NotBeEmpty().And.OnlyContain(h => h < 1.9, $"each Run now button is one line at {width} px");
        }
        await page.GotoAsync("/Admin/Settings");
        (await page.Locator("#mainNav a[href='/Admin/Settings']").GetAttributeAsync("class")).Should().Contain("active");
        await page.Context.CloseAsync();
    }

    private static async Task<Seeded> SeededAsync(CrmDbContext db, string managerId, int clientId) => new(managerId, clientId,
        await db.Clients.Where(c => c.RetentionFlag == RetentionFlag.Lybunt).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(),
        await db.Clients.Where(c => c.Name == LongProspect).Select(c => c.Id).SingleAsync(),
        await db.ImportRuns.Where(r => r.FileName == LongFile).Select(r => r.Id).SingleAsync(),
        await db.ImportRuns.Where(r => r.FileName == "waiting-for-mapping.csv").Select(r => r.Id).SingleAsync());

    private static async Task SwitchAsync(IPage page, string language)
    {
        await page.Locator($"[data-testid=language-switcher] button[value={language}]").ClickAsync();
        await page.WaitForFunctionAsync("lang => document.documentElement.lang === lang", language);
    }

    private static readonly SemaphoreSlim Arranged = new(1, 1);

    /// <summary>What the pages are shown with: the manager, the long-named client, a LYBUNT client, the long-named prospect, a
    /// finished import and one waiting for its column mapping.</summary>
    private sealed record Seeded(string ManagerId, int ClientId, int LybuntClientId, int ProspectId, int ImportId, int PendingImportId);

    /// <summary>Demo data, the long names, an import and the digests: once per app.</summary>
    private async Task<Seeded> ArrangeAsync()
    {
        await Arranged.WaitAsync();
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<CrmDbContext>();
            var managerId = await db.Users.Where(u => u.Email == BrowserApp.ManagerEmail).Select(u => u.Id).SingleAsync();
            var existing = await db.Clients.Where(c => c.Name == LongName).Select(c => (int?)c.Id).SingleOrDefaultAsync();
            if (existing is { } id) return await SeededAsync(db, managerId, id);

            await sp.GetRequiredService<DemoData>().LoadAsync(managerPassword: null);
            var adminId = await db.Users.Where(u => u.Email == BrowserApp.AdminEmail).Select(u => u.Id).SingleAsync();
            var client = new Client
            {
                Name = LongName,
                ExternalId = "LONG-1",
                OwnerId = managerId,
                CreatedOn = BrowserApp.Today.AddYears(-3),
                CreatedAtUtc = DateTime.UtcNow,
                Notes = new string('n', 300),
            };
            client.Contacts.Add(new Contact { Name = LongName[..80], Email = new string('e', 90) + "@example.com", Phone = "+98 912 345 6789", IsPrimary = true, Role = LongName[..60] });
            client.Purchases.Add(new Purchase { Date = new DateOnly(2025, 3, 1), Amount = 987_654_321.5m, Currency = "EUR", Reference = new string('R', 120), CreatedAtUtc = DateTime.UtcNow });
            db.Clients.Add(client);
            db.Clients.Add(new Client
            {
                Name = LongProspect,
                OwnerId = managerId,
                Status = ClientStatus.Prospect,
                Stage = LifecycleStage.Interested,
                ExpectedValue = 123_456_789m,
                CreatedOn = BrowserApp.Today.AddDays(-40),
                CreatedAtUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();

            var imports = sp.GetRequiredService<ImportService>();
            var csv = new StringBuilder("ClientExternalId,InvoiceNumber,Date,Amount,Currency,Status\n").Append("LONG-1,INV-LONG-2,2024-03-01,1500.00,EUR,Completed\n");
            await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
            {
                var (run, error) = await imports.CreateAsync(content, LongFile, ImportKind.Purchases, adminId, CancellationToken.None);
                run.Should().NotBeNull(error);
                await imports.ExecuteAsync(run!.Id, CancellationToken.None);
            }
            await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
                (await imports.CreateAsync(content, "waiting-for-mapping.csv", ImportKind.Purchases, adminId, CancellationToken.None)).Run.Should().NotBeNull();

            await db.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.DigestHour, 0));
            var jobs = sp.GetRequiredService<JobRunner>();
            foreach (var job in new[] { LybuntFlagJob.JobId, CheckInScheduleJob.JobId, DailyDigestJob.JobId }) await jobs.RunAsync(job, CancellationToken.None);
            return await SeededAsync(db, managerId, client.Id);
        }
        finally
        {
            Arranged.Release();
        }
    }
}
