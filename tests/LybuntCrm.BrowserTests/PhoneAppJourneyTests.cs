using System.Text.Json;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// The installable phone app in Chromium: the manifest passes the install check, Today and the client pages opened from it
/// read offline from the service worker with their offline mark, pages are kept per user and sign-out empties the browser.
/// </summary>
public sealed class PhoneAppJourneyTests : IAsyncLifetime
{
    private const string Password = JourneyApp.Password;
    private const string AnEmail = "an@example.com";
    private const string BaoEmail = "bao@example.com";
    private JourneyApp _app = null!;
    private IPlaywright _playwright = null!;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "lybunt-browser", "profile-" + Guid.NewGuid().ToString("N"));
    private int _anClientId;

    public async Task InitializeAsync()
    {
        _app = new JourneyApp();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            (await accounts.CreateAsync(new NewUser(AnEmail, Password, "An Nguyen", Roles.AccountManager, "Asia/Ho_Chi_Minh"))).Succeeded.Should().BeTrue();
            (await accounts.CreateAsync(new NewUser(BaoEmail, Password, "Bao Le", Roles.AccountManager))).Succeeded.Should().BeTrue();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var an = await db.Users.Where(u => u.Email == AnEmail).Select(u => u.Id).SingleAsync();
            var bao = await db.Users.Where(u => u.Email == BaoEmail).Select(u => u.Id).SingleAsync();
            var harbour = ClientOf(an, "Harbour Bakery", "Mai Tran");
            db.Clients.AddRange(harbour, ClientOf(bao, "Lotus Tailors", "Linh Pham"));
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == bao).ExecuteUpdateAsync(u => u.SetProperty(x => x.Culture, "fa"));
            _anClientId = harbour.Id;
            await scope.ServiceProvider.GetRequiredService<CheckInScheduleJob>().ScheduleAsync(CancellationToken.None);
        }
        _playwright = await Playwright.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        _playwright.Dispose();
        await _app.DisposeAsync();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_manifest_and_icons_pass_chromiums_install_check()
    {
        // A profile on disk: Chromium does not offer to install from an incognito-like context.
        await using var context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        context.SetDefaultTimeout(60_000);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        await SignInAsync(page, AnEmail);
        await page.EvaluateAsync("navigator.serviceWorker.ready");

        var devTools = await context.NewCDPSessionAsync(page);
        var result = await devTools.SendAsync("Page.getInstallabilityErrors");
        var errors = result!.Value.GetProperty("installabilityErrors").EnumerateArray().Select(e => e.GetRawText()).ToList();
        errors.Should().BeEmpty();

        var manifest = await devTools.SendAsync("Page.getAppManifest");
        manifest!.Value.GetProperty("errors").GetArrayLength().Should().Be(0);
        using var parsed = JsonDocument.Parse(manifest.Value.GetProperty("data").GetString()!);
        parsed.RootElement.GetProperty("start_url").GetString().Should().Be("/Today");
        parsed.RootElement.GetProperty("display").GetString().Should().Be("standalone");
    }

    [Fact]
    public async Task Today_and_a_client_page_read_offline_with_the_offline_mark_and_admin_or_account_pages_are_never_kept()
    {
        await using var browser = await Chromium.LaunchAsync(_playwright);
        var context = await NewPhoneContextAsync(browser);
        var page = await context.NewPageAsync();
        await SignInAsync(page, AnEmail);
        await ControlledByTheWorkerAsync(page);

        await page.GotoAsync("/Today");
        (await page.Locator("[data-testid=offline-mark]").IsVisibleAsync()).Should().BeFalse("online, the page is fresh");
        await page.Locator("[data-testid=follow-up] .client-link").First.ClickAsync();
        await page.WaitForURLAsync($"**/Clients/{_anClientId}");
        await page.GotoAsync("/Account/Profile");
        await page.GotoAsync("/Clients");

        await context.SetOfflineAsync(true);
        await page.GotoAsync("/Today");
        await page.Locator("[data-testid=offline-mark]").WaitForAsync();
        (await page.Locator("[data-testid=offline-mark]").InnerTextAsync()).Should().MatchRegex(@"Offline, as of \d\d:\d\d");
        (await page.Locator("[data-testid=follow-up] .client-link").First.InnerTextAsync()).Should().Be("Harbour Bakery");
        await Shot(page, "phone-today-offline-en-390");
        await page.GotoAsync($"/Clients/{_anClientId}");
        await page.Locator("[data-testid=offline-mark]").WaitForAsync();
        (await page.Locator("h1").InnerTextAsync()).Should().Contain("Harbour Bakery");

        var kept = await KeptAddressesAsync(page);
        kept.Should().Contain(url => url.EndsWith("/Today", StringComparison.Ordinal));
        kept.Should().NotContain(url => url.Contains("/Account", StringComparison.OrdinalIgnoreCase)
            || url.Contains("/Admin", StringComparison.OrdinalIgnoreCase) || url.Contains("/api", StringComparison.OrdinalIgnoreCase)
            || url.EndsWith("/Clients", StringComparison.Ordinal));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Sign_out_leaves_cache_storage_and_indexeddb_empty()
    {
        await using var browser = await Chromium.LaunchAsync(_playwright);
        var context = await NewPhoneContextAsync(browser);
        var page = await context.NewPageAsync();
        await SignInAsync(page, AnEmail);
        await ControlledByTheWorkerAsync(page);
        await page.GotoAsync("/Today");
        await page.EvaluateAsync("""
            () => new Promise(resolve => {
                const open = indexedDB.open('lybunt-queue', 1);
                open.onupgradeneeded = () => open.result.createObjectStore('touches');
                open.onsuccess = () => { open.result.close(); resolve(); };
            })
            """);
        (await page.EvaluateAsync<int>("async () => (await caches.keys()).length")).Should().BeGreaterThan(0);
        (await page.EvaluateAsync<int>("async () => (await indexedDB.databases()).length")).Should().Be(1);

        await page.Locator(".navbar-toggler").ClickAsync();
        await page.Locator("form[action='/Account/Logout'] button").ClickAsync();
        // The page empties the browser first, then sends the form: wait for the sign-in page it lands on.
        await page.WaitForFunctionAsync("location.pathname === '/Account/Login' && document.readyState === 'complete'");

        (await page.EvaluateAsync<int>("async () => (await caches.keys()).length")).Should().Be(0);
        (await page.EvaluateAsync<int>("async () => (await indexedDB.databases()).length")).Should().Be(0);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_page_kept_for_one_user_is_never_shown_to_the_next()
    {
        await using var browser = await Chromium.LaunchAsync(_playwright);
        var context = await NewPhoneContextAsync(browser);
        var page = await context.NewPageAsync();
        await SignInAsync(page, AnEmail);
        await ControlledByTheWorkerAsync(page);
        await page.GotoAsync("/Today");
        await page.GotoAsync($"/Clients/{_anClientId}");

        // An's session ends without the sign-out button (it expired); Bao signs in on the same phone.
        await context.ClearCookiesAsync();
        await SignInAsync(page, BaoEmail);
        await page.GotoAsync("/Today");

        await context.SetOfflineAsync(true);
        await page.GotoAsync("/Today");
        await page.Locator("[data-testid=offline-mark]").WaitForAsync();
        (await page.Locator("[data-testid=follow-up] .client-link").First.InnerTextAsync()).Should().Be("Lotus Tailors");
        (await KeptAddressesAsync(page)).Should().NotContain(url => url.EndsWith($"/Clients/{_anClientId}", StringComparison.Ordinal));
        (await TryGotoAsync(page, $"/Clients/{_anClientId}")).Should().BeFalse("An's client page went with An's cache");
        await context.CloseAsync();
    }

    [Fact]
    public async Task On_a_phone_a_call_and_one_tap_on_the_sheet_log_the_touch()
    {
        await using var browser = await Chromium.LaunchAsync(_playwright);
        var context = await NewPhoneContextAsync(browser);
        var page = await context.NewPageAsync();
        await SignInAsync(page, AnEmail);

        var item = page.Locator("[data-testid=follow-up]").First;
        await item.Locator("[data-testid=call]").ClickAsync();
        var sheet = item.Locator("[data-touch-sheet].open");
        await sheet.WaitForAsync();
        await sheet.Locator("input[name='done.Summary']").FillAsync("Call back after the fair");
        await Shot(page, "phone-today-sheet-en-390");
        await sheet.GetByRole(AriaRole.Button, new() { Name = "Left a message" }).ClickAsync();

        await page.Locator(".alert-success").WaitForAsync();
        var touch = await LastTouchAsync(_anClientId);
        touch.Outcome.Should().Be(TouchpointOutcome.LeftMessage);
        touch.Channel.Should().Be(Channel.Phone);
        touch.Summary.Should().Be("Call back after the fair");

        // The same sheet in Persian, right to left.
        var persian = await (await NewPhoneContextAsync(browser)).NewPageAsync();
        await SignInAsync(persian, BaoEmail);
        await persian.Locator("[data-testid=follow-up] [data-testid=call]").First.ClickAsync();
        await persian.Locator("[data-touch-sheet].open").WaitForAsync();
        (await persian.Locator("html").GetAttributeAsync("dir")).Should().Be("rtl");
        await Shot(persian, "phone-today-sheet-fa-390");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Without_scripts_the_sheet_is_a_plain_form_in_the_row()
    {
        await using var browser = await Chromium.LaunchAsync(_playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            JavaScriptEnabled = false,
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await SignInAsync(page, AnEmail);

        var sheet = page.Locator("[data-testid=follow-up] [data-touch-sheet]").First;
        (await sheet.IsVisibleAsync()).Should().BeTrue();
        await sheet.GetByRole(AriaRole.Button, new() { Name = "No answer" }).ClickAsync();

        await page.Locator(".alert-success").WaitForAsync();
        var touch = await LastTouchAsync(_anClientId);
        touch.Outcome.Should().Be(TouchpointOutcome.NoAnswer);
        touch.Channel.Should().Be(Channel.Phone, "the client's preferred channel");
        await context.CloseAsync();
    }

    private async Task<Touchpoint> LastTouchAsync(int clientId)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await db.Touchpoints.AsNoTracking().Where(t => t.ClientId == clientId).OrderByDescending(t => t.Id).FirstAsync();
    }

    /// <summary>A PNG of the screen as a phone shows it.</summary>
    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserApp.ScreenshotDirectory, name + ".png") });

    private static Client ClientOf(string ownerId, string name, string contact)
    {
        var client = new Client { Name = name, OwnerId = ownerId, CreatedOn = new DateOnly(2024, 1, 1), PreferredChannel = Channel.Phone };
        client.Contacts.Add(new Contact { Name = contact, Phone = "+84 28 3822 1234", IsPrimary = true });
        client.Touchpoints.Add(new Touchpoint { UserId = ownerId, OccurredOn = new DateOnly(2026, 1, 20), Outcome = TouchpointOutcome.Reached });
        return client;
    }

    private async Task<IBrowserContext> NewPhoneContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(60_000);
        return context;
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(_app.BaseUrl + "/Account/Login");
        await page.FillAsync("input[name='Input.Email']", email);
        await page.FillAsync("input[name='Input.Password']", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/Today");
    }

    /// <summary>The first page registers the worker; from then on it answers the page's requests.</summary>
    private static async Task ControlledByTheWorkerAsync(IPage page)
    {
        await page.EvaluateAsync("navigator.serviceWorker.ready");
        await page.WaitForFunctionAsync("navigator.serviceWorker.controller !== null");
    }

    private static async Task<IReadOnlyList<string>> KeptAddressesAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            async () => {
                const urls = [];
                for (const name of await caches.keys()) {
                    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
                }
                return urls;
            }
            """);

    private static async Task<bool> TryGotoAsync(IPage page, string path)
    {
        try
        {
            await page.GotoAsync(path);
            return true;
        }
        catch (PlaywrightException)
        {
            return false;
        }
    }
}
