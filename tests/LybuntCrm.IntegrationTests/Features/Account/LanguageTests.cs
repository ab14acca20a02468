using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Account;

public sealed class LanguageTests : IClassFixture<SharedCrmApp>
{
    private readonly CrmApp _app;

    public LanguageTests(SharedCrmApp app)
    {
        _app = app;
        _app.EnsureStandardUsersAsync().GetAwaiter().GetResult();
    }

    private static string Dir(Page page) => page.Document.DocumentElement.GetAttribute("dir") ?? "";
    private static string Lang(Page page) => page.Document.DocumentElement.GetAttribute("lang") ?? "";

    [Theory]
    [InlineData("vi-VN,vi;q=0.9,en;q=0.5", "vi", "ltr", "Đăng nhập")]
    [InlineData("fa-IR,fa;q=0.9", "fa", "rtl", "ورود")]
    [InlineData("de-DE,de;q=0.9", "en", "ltr", "Sign in")]
    public async Task Before_sign_in_the_browser_language_decides(string acceptLanguage, string lang, string dir, string heading)
    {
        using var browser = _app.NewBrowser();
        browser.Http.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        var page = await browser.GetPageAsync("/Account/Login");
        Lang(page).Should().Be(lang);
        Dir(page).Should().Be(dir);
        page.Document.QuerySelector("h1")!.TextContent.Should().Be(heading);
        page.Html.Should().Contain(dir == "rtl" ? "bootstrap.rtl.min.css" : "bootstrap.min.css");
    }

    [Fact]
    public async Task Validation_messages_speak_the_page_language()
    {
        using var browser = _app.NewBrowser();
        browser.Http.DefaultRequestHeaders.Add("Accept-Language", "vi");
        var page = await browser.PostFormAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "" });
        page.Errors.Should().Contain("Nhập địa chỉ email của bạn.").And.Contain("Nhập mật khẩu của bạn.");
        page.Document.QuerySelector("label[for=Input_Email]")!.TextContent.Should().Be("Email");
        page.Document.QuerySelector("label[for=Input_RememberMe]")!.TextContent.Should().Be("Duy trì đăng nhập");

        page = await browser.LoginAsync(CrmApp.ManagerEmail, "wrong-password-here");
        page.Errors.Should().Contain("Email hoặc mật khẩu không đúng, hoặc tài khoản đang bị khóa. Hãy thử lại sau vài phút.");
    }

    [Fact]
    public async Task Errors_added_in_English_by_a_page_are_shown_translated()
    {
        using var admin = await _app.SignedInAsync(CrmApp.AdminEmail);
        await SwitchAsync(admin, "fa", "/Admin/Users/Create");
        var page = await admin.PostFormAsync("/Admin/Users/Create", new Dictionary<string, string>
        {
            ["Input.Email"] = "new-person@example.com",
            ["Input.Password"] = "a-good-long-password",
            ["Input.DisplayName"] = "کاربر تازه",
            ["Input.Role"] = "Boss",
            ["Input.TimeZoneId"] = "Mars/Olympus",
            ["Input.DailyCapacity"] = "8",
        });
        page.Errors.Should().Contain("یک منطقهٔ زمانی از فهرست انتخاب کنید.").And.Contain("یک نقش از فهرست انتخاب کنید.");
        await SwitchAsync(admin, "en", "/Admin");
    }

    [Fact]
    public async Task Visitor_switches_language_with_the_footer_and_returns_to_the_same_page()
    {
        using var browser = _app.NewBrowser();
        var login = await browser.GetPageAsync("/Account/Login?ReturnUrl=%2FClients");
        var form = login.Document.QuerySelector("[data-testid=language-switcher]")!;
        form.QuerySelectorAll("button[name=culture]").Select(b => b.GetAttribute("value")).Should().Equal("en", "vi", "fa");
        var returnUrl = form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value")!;
        returnUrl.Should().Be("/Account/Login?ReturnUrl=%2FClients");

        var switched = await browser.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = "fa", ["returnUrl"] = returnUrl },
            form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        switched.StatusCode.Should().Be(HttpStatusCode.Redirect);
        switched.Location.Should().Be(returnUrl);

        var page = await browser.GetPageAsync(returnUrl);
        Dir(page).Should().Be("rtl");
        page.Document.QuerySelector("h1")!.TextContent.Should().Be("ورود");
        page.Document.QuerySelector("button[value=fa]")!.GetAttribute("aria-current").Should().Be("true");
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example")]
    [InlineData("")]
    public async Task The_switcher_only_returns_to_local_pages(string returnUrl)
    {
        using var browser = _app.NewBrowser();
        var token = (await browser.GetPageAsync("/Account/Login")).AntiforgeryToken;
        var switched = await browser.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = "vi", ["returnUrl"] = returnUrl }, token);
        switched.StatusCode.Should().Be(HttpStatusCode.Redirect);
        switched.Location.Should().Be("/");
    }

    [Fact]
    public async Task An_unknown_language_is_refused()
    {
        using var browser = _app.NewBrowser();
        var token = (await browser.GetPageAsync("/Account/Login")).AntiforgeryToken;
        var switched = await browser.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = "xx", ["returnUrl"] = "/" }, token);
        switched.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_signed_in_users_choice_is_saved_and_wins_over_the_browser()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        manager.Http.DefaultRequestHeaders.Add("Accept-Language", "en");

        await SwitchAsync(manager, "vi", "/Today");
        (await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == CrmApp.ManagerEmail))).Culture.Should().Be("vi");
        var today = await manager.GetPageAsync("/Today");
        Lang(today).Should().Be("vi");
        today.Document.QuerySelector("h1")!.TextContent.Should().Be("Hôm nay");

        // A fresh sign-in elsewhere (no culture cookie, an English browser) still speaks Vietnamese.
        using var elsewhere = app.NewBrowser();
        elsewhere.Http.DefaultRequestHeaders.Add("Accept-Language", "en");
        await elsewhere.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password);
        Lang(await elsewhere.GetPageAsync("/Today")).Should().Be("vi");
    }

    [Fact]
    public async Task Persian_user_chooses_the_Solar_Hijri_calendar_in_preferences()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);

        var saved = await admin.PostFormAsync("/Account/Preferences", new Dictionary<string, string>
        {
            ["Input.Culture"] = "fa",
            ["Input.UseSolarHijri"] = "true",
        });
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" | ", saved.Errors));
        var user = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == CrmApp.AdminEmail));
        user.Culture.Should().Be("fa");
        user.UseSolarHijri.Should().BeTrue();

        var preferences = await admin.GetPageAsync("/Account/Preferences");
        Dir(preferences).Should().Be("rtl");
        preferences.Text.Should().Contain("ترجیحات شما ذخیره شد.");
        preferences.Document.QuerySelector("#calendar-solar-hijri")!.HasAttribute("checked").Should().BeTrue();
        preferences.Document.QuerySelector("#culture-fa")!.HasAttribute("checked").Should().BeTrue();

        // The audit log shows today's sign-in in the Solar Hijri calendar with Persian digits.
        var audit = await admin.GetPageAsync("/Admin/Audit");
        var todaySolar = DisplayFormat.For("fa", solarHijri: true).ShortDate(DateOnly.FromDateTime(DateTime.UtcNow));
        audit.Text.Should().Contain(todaySolar);

        // Back to Gregorian: the same page shows Gregorian dates, still with Persian digits.
        await admin.PostFormAsync("/Account/Preferences", new Dictionary<string, string> { ["Input.Culture"] = "fa", ["Input.UseSolarHijri"] = "false" });
        audit = await admin.GetPageAsync("/Admin/Audit");
        audit.Text.Should().Contain(DisplayFormat.For("fa").ShortDate(DateOnly.FromDateTime(DateTime.UtcNow))).And.NotContain(todaySolar);
    }

    [Fact]
    public async Task Preferences_refuse_an_unknown_language()
    {
        using var manager = await _app.SignedInAsync(CrmApp.OtherManagerEmail);
        var page = await manager.PostFormAsync("/Account/Preferences", new Dictionary<string, string> { ["Input.Culture"] = "klingon" });
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain("Choose a language from the list.");
        (await _app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == CrmApp.OtherManagerEmail))).Culture.Should().Be("en");
    }

    [Fact]
    public async Task Users_list_isolates_names_and_shows_numbers_in_Persian_digits()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        await app.EnsureUserAsync("sara@example.com", Roles.AccountManager, "سارا رضایی");
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        await SwitchAsync(admin, "fa", "/Admin/Users");
        var page = await admin.GetPageAsync("/Admin/Users");
        var row = page.Document.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("سارا رضایی"));
        row.QuerySelector("td bdi")!.TextContent.Should().Be("سارا رضایی");
        row.QuerySelectorAll("td.text-end").First().TextContent.Trim().Should().Be("۸");
    }

    private static async Task SwitchAsync(Browser browser, string culture, string returnUrl)
    {
        var token = (await browser.GetPageAsync(returnUrl)).AntiforgeryToken;
        var response = await browser.PostAsync("/Account/Language", new Dictionary<string, string> { ["culture"] = culture, ["returnUrl"] = returnUrl }, token);
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
    }
}
