using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// Sessions end within a minute of deactivation or a password change (the security stamp is checked every minute,
/// measured on a hand-moved clock so the test need not wait), and the cookies carry HttpOnly, SameSite and Secure.
/// </summary>
public sealed class SessionAndCookieTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string?> Changes => new()
    {
        { "deactivated", null },
        { "password changed", "a-brand-new-password" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_managers_open_session_ends_within_a_minute_when_an_admin_changes_the_account(string change, string? newPassword)
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        var fields = new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "An Nguyen",
            ["Input.Role"] = Roles.AccountManager,
            ["Input.TimeZoneId"] = "UTC",
            ["Input.DailyCapacity"] = "8",
            ["Input.IsActive"] = newPassword is null ? "false" : "true",
            ["Input.NewPassword"] = newPassword ?? "",
        };
        var saved = await admin.PostFormAsync($"/Admin/Users/Edit/{managerId}", fields);
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", saved.Errors));

        // Until the validation interval has passed the cookie is not re-checked: that is the "within a minute".
        app.Time.Advance(TimeSpan.FromSeconds(30));
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromSeconds(31));
        var refused = await manager.GetAsync("/Clients");
        refused.StatusCode.Should().Be(HttpStatusCode.Redirect, $"the account was {change} more than a minute ago");
        refused.Headers.Location!.ToString().Should().Contain("/Account/Login");
        (await manager.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the stale cookie was dropped");

        // The admin's own session is untouched.
        (await admin.GetAsync("/Admin/Users")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_in_and_antiforgery_cookies_are_http_only_same_site_and_secure_over_https()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();

        var overHttp = Lower(await SignInCookiesAsync(app, "http://localhost"));
        overHttp["lybunt.auth"].Should().Contain("httponly").And.Contain("samesite=lax").And.NotContain("secure");
        overHttp["lybunt.af"].Should().Contain("httponly").And.Contain("samesite=strict");

        var overHttps = Lower(await SignInCookiesAsync(app, "https://localhost"));
        overHttps["lybunt.auth"].Should().Contain("httponly").And.Contain("samesite=lax").And.Contain("secure");
        overHttps["lybunt.af"].Should().Contain("httponly").And.Contain("samesite=strict").And.Contain("secure");
    }

    /// <summary>Signs in through the given base address and returns each Set-Cookie header by cookie name.</summary>
    private static async Task<Dictionary<string, string>> SignInCookiesAsync(CrmApp app, string baseAddress)
    {
        using var browser = new Browser(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(baseAddress),
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));
        var form = await browser.GetPageAsync("/Account/Login");
        var cookies = SetCookies(form.Response);
        cookies.Should().ContainKey("lybunt.af");
        browser.Http.DefaultRequestHeaders.Add("Cookie", cookies["lybunt.af"].Split(';')[0]);
        var login = await browser.PostAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = CrmApp.ManagerEmail, ["Input.Password"] = CrmApp.Password }, form.AntiforgeryToken);
        login.StatusCode.Should().Be(HttpStatusCode.Redirect);
        foreach (var (name, header) in SetCookies(login.Response)) cookies[name] = header;
        cookies.Should().ContainKey("lybunt.auth");
        return cookies;
    }

    private static Dictionary<string, string> Lower(Dictionary<string, string> cookies) =>
        cookies.ToDictionary(c => c.Key, c => c.Value.ToLowerInvariant());

    private static Dictionary<string, string> SetCookies(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            .GroupBy(v => v.Split('=')[0])
            .ToDictionary(g => g.Key, g => g.Last());
}
