using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Account;

public sealed class LoginAndSetupTests
{
    [Fact]
    public async Task Fresh_install_leads_every_page_to_setup_and_setup_creates_the_first_admin_once()
    {
        using var app = new CrmApp();
        using var browser = app.NewBrowser();

        var home = await browser.GetAsync("/Clients");
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().Should().Be("/Account/Setup");

        var created = await browser.PostFormAsync("/Account/Setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Email"] = "ada@example.com",
            ["Input.Password"] = "a-long-password",
            ["Input.ConfirmPassword"] = "a-long-password",
            ["Input.TimeZoneId"] = "Europe/London",
        });
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        created.Location.Should().Be("/Admin");

        var isAdmin = await app.WithDbAsync(db => db.UserRoles
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).AnyAsync(n => n == Roles.Admin));
        isAdmin.Should().BeTrue();

        using var stranger = app.NewBrowser();
        (await stranger.GetAsync("/Account/Setup")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_form_that_sets_a_password_states_the_rule_before_the_first_try()
    {
        using var app = new CrmApp();
        using (var stranger = app.NewBrowser())
        {
            var setup = await stranger.GetPageAsync("/Account/Setup");
            setup.Document.QuerySelector("[data-testid=password-rule]")!.TextContent.Should().StartWith("At least 10 characters.");
            setup.Document.QuerySelector("#Input_Password")!.GetAttribute("aria-describedby").Should().Be("Input_Password-rule");
        }
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        foreach (var path in new[] { "/Admin/Users/Create", $"/Admin/Users/Edit/{managerId}" })
        {
            var page = await admin.GetPageAsync(path);
            page.Errors.Should().BeEmpty(path);
            page.Document.QuerySelector("[data-testid=password-rule]")!.TextContent.Should().StartWith("At least 10 characters.", path);
        }
    }

    [Fact]
    public async Task Setup_explains_what_is_wrong_with_the_form()
    {
        using var app = new CrmApp();
        using var browser = app.NewBrowser();

        var page = await browser.PostFormAsync("/Account/Setup", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "different",
            ["Input.TimeZoneId"] = "Mars/Olympus",
        });

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Errors.Should().Contain(["Enter your name.", "Enter a valid email address.", "The password needs at least 10 characters.",
            "The two passwords differ.", "Choose a time zone from the list."]);
        (await app.WithDbAsync(db => db.Users.CountAsync())).Should().Be(0);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_login_and_a_right_password_signs_in()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = app.NewBrowser();

        var clients = await browser.GetAsync("/Clients");
        clients.StatusCode.Should().Be(HttpStatusCode.Redirect);
        clients.Headers.Location!.ToString().Should().Contain("/Account/Login");

        var login = await browser.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password);
        login.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Wrong_passwords_get_one_generic_message_and_lock_the_account_after_five()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = app.NewBrowser();

        Page? last = null;
        for (var i = 0; i < 5; i++) last = await browser.LoginAsync(CrmApp.ManagerEmail, "wrong-password");
        last!.StatusCode.Should().Be(HttpStatusCode.OK);
        last.Errors.Should().ContainSingle().Which.Should().StartWith("Email or password is incorrect");

        var unknown = await browser.LoginAsync("nobody@example.com", "wrong-password");
        unknown.Errors.Should().Equal(last.Errors);

        var locked = await browser.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password);
        locked.StatusCode.Should().Be(HttpStatusCode.OK, "the account is locked after five failures");
        locked.Errors.Should().Equal(last.Errors, "a locked account gets the same wording as a wrong password");

        var failures = await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "login.failed"));
        failures.Should().Be(7);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_rejected()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = app.NewBrowser();

        var page = await browser.PostAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = CrmApp.ManagerEmail, ["Input.Password"] = CrmApp.Password }, token: null);

        page.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var cookies = page.Response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        cookies.Should().NotContain(c => c.StartsWith("lybunt.auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Responses_carry_security_headers_and_health_answers_without_login()
    {
        using var app = new CrmApp();
        using var browser = app.NewBrowser();

        var health = await browser.GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        health.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.Contain("frame-ancestors 'none'");
        health.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        health.Headers.GetValues("Referrer-Policy").Single().Should().Be("same-origin");
    }
}
