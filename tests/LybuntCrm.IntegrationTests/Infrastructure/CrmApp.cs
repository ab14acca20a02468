using LybuntCrm.Web;
using LybuntCrm.Web.Data;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Features.Today;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.IntegrationTests.Infrastructure;

/// <summary>
/// The whole app on a real SQLite file in a fresh temporary folder (a copy of the migrated template), with today pinned.
/// Each test class gets its own (through <see cref="IClassFixture{TFixture}"/>) or makes one per test.
/// </summary>
public class CrmApp : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-battery";
    public const string AdminEmail = "admin@example.com";
    public const string ManagerEmail = "an@example.com";
    public const string OtherManagerEmail = "tom@example.com";

    private readonly Dictionary<string, string?> _settings;

    public CrmApp() : this(new DateOnly(2026, 6, 15)) { }

    public CrmApp(DateOnly today, IDictionary<string, string?>? settings = null)
    {
        Today = today;
        DataDirectory = Path.Combine(Path.GetTempPath(), "lybunt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["App:DataDirectory"] = DataDirectory,
            ["Clock:Today"] = today.ToString("yyyy-MM-dd"),
            ["Jobs:RunServer"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        if (TestDatabase.UsePostgres)
        {
            PostgresDatabase = "lybunt_t_" + Guid.NewGuid().ToString("N");
            _settings["Database:Provider"] = "Postgres";
            _settings["ConnectionStrings:Default"] = TestDatabase.PostgresConnectionString(PostgresDatabase);
            TestDatabase.CreatePostgres(PostgresDatabase);
        }
        if (settings is not null)
            foreach (var (key, value) in settings) _settings[key] = value;
        // An app on its own SQLite file starts from a copy of the migrated template; one given another app's database does not.
        if (!TestDatabase.UsePostgres && _settings["App:DataDirectory"] == DataDirectory && _settings.GetValueOrDefault("ConnectionStrings:Default") is null)
            TestDatabase.CopySqliteTemplate(Path.Combine(DataDirectory, "lybunt.db"));
    }

    /// <summary>Settings that make another app (say, one pinned to a later day) use this app's database.</summary>
    public Dictionary<string, string?> SameDatabase() => new()
    {
        ["App:DataDirectory"] = DataDirectory,
        ["Database:Provider"] = _settings.GetValueOrDefault("Database:Provider"),
        ["ConnectionStrings:Default"] = _settings.GetValueOrDefault("ConnectionStrings:Default"),
    };

    /// <summary>The per-app PostgreSQL database when the suite runs against PostgreSQL; null on SQLite.</summary>
    public string? PostgresDatabase { get; }

    public DateOnly Today { get; }

    /// <summary>The connection string the app opens its SQLite database with (the same rule as the app's own).</summary>
    private string SqliteConnectionString =>
        _settings.GetValueOrDefault("ConnectionStrings:Default") is { Length: > 0 } configured
            ? configured
            : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(Path.GetFullPath(_settings["App:DataDirectory"]!), "lybunt.db"),
            }.ToString();
    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Settings never change under a test: no watcher on appsettings.json per app (see TestProcessSetup).
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        // The production work factor (100,000 PBKDF2 rounds) was a third of the processor time of a test that signs in;
        // the tests check who may sign in, not how hard a stolen hash is to crack.
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1));
    }

    /// <summary>Runs code against the app's database in its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<CrmDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public Task WithDbAsync(Func<CrmDbContext, Task> work) => WithDbAsync(async db => { await work(db); return 0; });

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>A follow-up's reason as a reader of <paramref name="culture"/> sees it (English by default).</summary>
    public string Reason(FollowUp followUp, string culture = "en", bool solarHijri = false) =>
        Render(culture, solarHijri, (t, f) => FollowUpReasons.Describe(FollowUpReasons.ReasonOf(followUp), t, f));

    /// <summary>Why a follow-up was closed, as a reader of <paramref name="culture"/> sees it.</summary>
    public string? ClosedReason(FollowUp followUp, string culture = "en", bool solarHijri = false) =>
        Render(culture, solarHijri, (t, f) => FollowUpReasons.DescribeClosed(FollowUpReasons.ClosedReasonOf(followUp), t, f));

    private T Render<T>(string culture, bool solarHijri, Func<IStringLocalizer, DisplayFormat, T> render)
    {
        using var scope = CultureScope.Use(culture);
        return render(Services.GetRequiredService<IStringLocalizer<SharedResource>>(), DisplayFormat.For(culture, solarHijri));
    }

    /// <summary>Creates a user (idempotently) and returns its id.</summary>
    public async Task<string> EnsureUserAsync(string email, string role, string? name = null)
    {
        return await WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<CrmDbContext>();
            var existing = db.Users.FirstOrDefault(u => u.Email == email);
            if (existing is not null) return existing.Id;
            var result = await sp.GetRequiredService<UserAccounts>().CreateAsync(new NewUser(email, Password, name ?? email.Split('@')[0], role));
            if (!result.Succeeded) throw new InvalidOperationException(result.ErrorText);
            return db.Users.First(u => u.Email == email).Id;
        });
    }

    /// <summary>The standard cast: one admin and two account managers.</summary>
    public async Task<(string AdminId, string ManagerId, string OtherManagerId)> EnsureStandardUsersAsync() =>
        (await EnsureUserAsync(AdminEmail, Roles.Admin, "Ada Admin"),
         await EnsureUserAsync(ManagerEmail, Roles.AccountManager, "An Nguyen"),
         await EnsureUserAsync(OtherManagerEmail, Roles.AccountManager, "Tom Baker"));

    /// <summary>An HTTP client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public Browser NewBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<Browser> SignedInAsync(string email)
    {
        await EnsureStandardUsersAsync();
        var browser = NewBrowser();
        var response = await browser.LoginAsync(email, Password);
        if ((int)response.StatusCode != 302) throw new InvalidOperationException($"Login as {email} failed: {response.StatusCode}");
        return browser;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        // This app's pool only: clearing every pool would close the idle connections of apps running in parallel, and
        // closing a database's last connection checkpoints its write-ahead log away under a test that looks at it.
        if (PostgresDatabase is null)
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(new Microsoft.Data.Sqlite.SqliteConnection(SqliteConnectionString));
        if (PostgresDatabase is not null) TestDatabase.DropPostgres(PostgresDatabase);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One app shared by the tests of a class: <c>IClassFixture&lt;SharedCrmApp&gt;</c>.</summary>
public sealed class SharedCrmApp : CrmApp;
