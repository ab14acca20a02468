using System.Net;
using System.Net.Sockets;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LybuntCrm.BrowserTests;

/// <summary>
/// The app on a real Kestrel loopback port with its own SQLite file, and Debian's Chromium driven by Playwright.
/// Shared by the tests of one class; each test opens its own browser context.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct-horse-battery";
    public const string AdminEmail = "admin@example.com";
    public const string ManagerEmail = "an@example.com";
    public static readonly DateOnly Today = new(2026, 6, 15);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-browser", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public BrowserApp()
    {
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go; the test command keeps them with the test results.</summary>
    public static string ScreenshotDirectory
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SCREENSHOT_DIR")
                ?? Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("App:DataDirectory", _dataDirectory);
        builder.UseSetting("Clock:Today", Today.ToString("yyyy-MM-dd"));
        // The public address: passkeys are bound to it. By name, since WebAuthn refuses an IP address as the relying party.
        builder.UseSetting("App:BaseUrl", $"http://localhost:{Port}");
        builder.UseSetting("Jobs:RunServer", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // As in the integration tests: one PBKDF2 round, since the browser tests check pages, not how hard a hash is to crack.
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1));
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        StartServer();
        await using (var scope = Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            await accounts.CreateAsync(new NewUser(AdminEmail, Password, "Ada Admin", Roles.Admin));
            await accounts.CreateAsync(new NewUser(ManagerEmail, Password, "An Nguyễn", Roles.AccountManager, "Asia/Ho_Chi_Minh"));
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context whose browser language (Accept-Language) is <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
            Locale = locale,
        });
        // The browser pass runs beside the two integration passes on two cores: waits get twice Playwright's default.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh browser context signed in as the given user.</summary>
    public async Task<IPage> SignedInPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login"));
        return page;
    }

    /// <summary>A full-page screenshot; JPEG, which Chromium writes several times faster than PNG for a long page.</summary>
    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(ScreenshotDirectory, name + ".jpg"),
            FullPage = true,
            Type = ScreenshotType.Jpeg,
            Quality = 80,
        });

    public new async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
