using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.IntegrationTests.Smtp;
using LybuntCrm.TestOracles;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Cli;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>
/// Two-factor sign-in end to end: codes are computed here from the key the set-up page shows, on the app's hand-moved
/// clock, exactly as a phone would compute them.
/// </summary>
public sealed class TwoFactorSignInTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    private const string GenericFailure = "The code is not correct, or the account is locked.";

    [Fact]
    public async Task After_turning_it_on_signing_in_needs_the_code_a_wrong_or_reused_code_is_refused_and_the_right_one_opens_the_page_asked_for()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (key, codes) = await EnableAsync(app, browser);
        codes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.TwoFactorEnabled).SingleAsync())).Should().BeTrue();
        await SignOutAsync(browser);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var password = await PasswordStepAsync(browser, "/Clients?view=mine");
        password.Location.Should().StartWith("/Account/LoginTwoFactor").And.Contain("ReturnUrl=%2FClients%3Fview%3Dmine");
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the password alone does not sign in");

        var wrong = await CodeStepAsync(browser, password.Location!, WrongCode(key, app.Time.Now));
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var right = await CodeStepAsync(browser, password.Location!, AuthenticatorApp.Code(key, app.Time.Now));
        right.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", right.Errors));
        right.Location.Should().Be("/Clients?view=mine");
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        // Someone who saw the code typed cannot use it again within its half-minute.
        using var onlooker = app.NewBrowser();
        var theirs = await PasswordStepAsync(onlooker, "/");
        var reused = await CodeStepAsync(onlooker, theirs.Location!, AuthenticatorApp.Code(key, app.Time.Now));
        reused.StatusCode.Should().Be(HttpStatusCode.OK);
        reused.Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);

        var actions = await AuditActionsAsync(app, managerId);
        actions.Should().ContainInOrder("two_factor.enabled", "two_factor.recovery_codes_generated", "login.two_factor_failed", "login.succeeded",
            "login.two_factor_failed");
    }

    [Fact]
    public async Task Keep_me_signed_in_chosen_with_the_password_survives_the_second_step()
    {
        using var app = new EmailApp(Start);
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (key, _) = await EnableAsync(app, browser);
        await SignOutAsync(browser);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var password = await PasswordStepAsync(browser, "/", keepSignedIn: true);
        password.Location.Should().Contain("RememberMe=True");
        var signedIn = await CodeStepAsync(browser, password.Location!, AuthenticatorApp.Code(key, app.Time.Now));

        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        SetCookie(signedIn, "lybunt.auth").Should().Contain("expires=", "a persistent sign-in cookie outlives the browser session");
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_new_codes_replace_the_old_ones()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (_, codes) = await EnableAsync(app, browser);

        var stored = await app.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == managerId && t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync());
        stored.Should().NotBeNullOrEmpty();
        foreach (var code in codes) stored.Should().NotContain(code).And.NotContain(code.Replace("-", ""), "recovery codes are kept as hashes");

        await SignOutAsync(browser);
        var first = await RecoveryStepAsync(browser, codes[0].ToLowerInvariant());
        first.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", first.Errors));
        var page = await browser.GetPageAsync("/Account/TwoFactor");
        page.Document.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent.Should().Contain("9");

        await SignOutAsync(browser);
        var again = await RecoveryStepAsync(browser, codes[0]);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);

        var second = await RecoveryStepAsync(browser, codes[1]);
        second.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var renewed = await browser.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string>(), "/Account/TwoFactor?handler=RecoveryCodes");
        var newCodes = renewed.Document.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        newCodes.Should().HaveCount(10).And.NotIntersectWith(codes);
        renewed.Response.Headers.CacheControl!.NoStore.Should().BeTrue();

        await SignOutAsync(browser);
        var old = await RecoveryStepAsync(browser, codes[2]);
        old.StatusCode.Should().Be(HttpStatusCode.OK, "generating new codes invalidates the old ones");
        (await RecoveryStepAsync(browser, newCodes[0])).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var actions = await AuditActionsAsync(app, managerId);
        actions.Count(a => a == "login.recovery_code_used").Should().Be(3);
        actions.Count(a => a == "two_factor.recovery_codes_generated").Should().Be(2);
    }

    [Fact]
    public async Task A_remembered_browser_skips_the_code_for_30_days_and_forgetting_it_brings_the_code_back()
    {
        // The test's cookie jar drops cookies by the real date, so this app's clock starts at the real now (and is then held).
        using var app = new EmailApp(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        await app.EnsureStandardUsersAsync();
        // Over HTTPS, so the cookie's Secure flag can be seen.
        using var browser = new Browser(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        }));
        (await browser.LoginAsync(CrmApp.ManagerEmail, CrmApp.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var (key, _) = await EnableAsync(app, browser);
        await SignOutAsync(browser);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var password = await PasswordStepAsync(browser, "/");
        var remembered = await CodeStepAsync(browser, password.Location!, AuthenticatorApp.Code(key, app.Time.Now), rememberBrowser: true);
        remembered.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var cookie = SetCookie(remembered, TwoFactorSetup.RememberCookieName).ToLowerInvariant();
        cookie.Should().Contain("httponly").And.Contain("samesite=lax").And.Contain("secure");
        var expires = DateTimeOffset.Parse(cookie.Split("expires=")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        (expires - app.Time.Now).TotalDays.Should().BeApproximately(30, 0.01);

        await SignOutAsync(browser);
        var skipped = await PasswordStepAsync(browser, "/Clients");
        skipped.Location.Should().Be("/Clients", "this browser is remembered");

        var forgotten = await browser.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string>(), "/Account/TwoFactor?handler=ForgetBrowser");
        forgotten.StatusCode.Should().Be(HttpStatusCode.Redirect);
        await SignOutAsync(browser);
        (await PasswordStepAsync(browser, "/Clients")).Location.Should().StartWith("/Account/LoginTwoFactor");
    }

    [Fact]
    public async Task Repeated_wrong_codes_lock_the_account_with_the_same_message_and_then_even_the_right_code_and_a_recovery_code_are_refused()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (key, codes) = await EnableAsync(app, browser);
        await SignOutAsync(browser);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var password = await PasswordStepAsync(browser, "/");
        for (var i = 0; i < 5; i++)
            (await CodeStepAsync(browser, password.Location!, WrongCode(key, app.Time.Now))).Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);

        var right = await CodeStepAsync(browser, password.Location!, AuthenticatorApp.Code(key, app.Time.Now));
        right.StatusCode.Should().Be(HttpStatusCode.OK, "the account is locked");
        right.Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);
        var recovery = await browser.PostFormAsync("/Account/LoginRecoveryCode", new Dictionary<string, string> { ["Input.Code"] = codes[0] });
        recovery.StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == managerId));
        user.LockoutEnd.Should().NotBeNull();
        var details = await app.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == managerId && e.Action == "login.two_factor_failed")
            .Select(e => e.Detail).ToListAsync());
        details.Should().Contain("wrong code").And.Contain("locked out");
        var tokens = await app.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == managerId && t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync());
        tokens!.Split(';').Should().HaveCount(10, "a refused attempt uses up no recovery code");
    }

    [Fact]
    public async Task A_user_deactivated_between_the_two_steps_is_refused_at_the_second()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (key, _) = await EnableAsync(app, browser);
        await SignOutAsync(browser);
        app.Time.Advance(TimeSpan.FromSeconds(30));

        var password = await PasswordStepAsync(browser, "/");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        var refused = await CodeStepAsync(browser, password.Location!, AuthenticatorApp.Code(key, app.Time.Now));

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().ContainSingle().Which.Should().StartWith(GenericFailure);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_admin_requirement_leads_a_user_without_it_to_set_up_then_on_to_the_page_asked_for_and_forbids_turning_it_off()
    {
        using var app = new EmailApp(Start);
        var (adminId, managerId, _) = await app.EnsureStandardUsersAsync();
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var saved = await admin.PostFormAsync("/Admin/Settings", new Dictionary<string, string> { ["TwoFactor.RequiredFor"] = "Everyone" },
            "/Admin/Settings?handler=TwoFactor");
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect, string.Join(" ", saved.Errors));

        var led = await manager.GetAsync("/Clients?view=mine");
        led.StatusCode.Should().Be(HttpStatusCode.Redirect);
        led.Headers.Location!.ToString().Should().Be("/Account/TwoFactor?returnUrl=%2FClients%3Fview%3Dmine");
        (await manager.GetAsync("/Account/Profile")).StatusCode.Should().Be(HttpStatusCode.Redirect, "nothing but the set-up page until it is done");
        var setUp = await manager.GetPageAsync(led.Headers.Location!.ToString());
        setUp.Document.QuerySelector("[data-testid=two-factor-required]").Should().NotBeNull();

        var (key, _) = await EnableAsync(app, manager, "/Clients?view=mine");
        (await manager.GetPageAsync("/Account/TwoFactor")).Document.QuerySelector("[data-testid=cannot-turn-off]").Should().NotBeNull();
        (await manager.GetAsync("/Clients?view=mine")).StatusCode.Should().Be(HttpStatusCode.OK);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var refused = await manager.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string> { ["Disable.Proof"] = AuthenticatorApp.Code(key, app.Time.Now) },
            "/Account/TwoFactor?handler=Disable");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Errors.Should().Contain(e => e.Contains("cannot be turned off"));
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.TwoFactorEnabled).SingleAsync())).Should().BeTrue();

        // The admin who chose "everyone" is led to set it up too.
        (await admin.GetAsync("/Admin/Users")).Headers.Location!.ToString().Should().StartWith("/Account/TwoFactor");
        (await AuditActionsAsync(app, adminId)).Should().NotContain("two_factor.enabled");
    }

    [Fact]
    public async Task Required_for_admins_only_leaves_managers_free_and_they_may_turn_it_off_with_their_password()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<TwoFactorPolicy>().SetAsync(sp.GetRequiredService<LybuntCrm.Web.Data.CrmDbContext>(), TwoFactorRequirement.Admins, default);
            return 0;
        });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await admin.GetAsync("/Admin/Users")).Headers.Location!.ToString().Should().StartWith("/Account/TwoFactor");
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        await EnableAsync(app, manager);
        var wrong = await manager.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string> { ["Disable.Proof"] = "not-my-password" },
            "/Account/TwoFactor?handler=Disable");
        wrong.StatusCode.Should().Be(HttpStatusCode.OK);
        wrong.Errors.Should().Contain("That is neither your password nor a current code from the app.");
        var off = await manager.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string> { ["Disable.Proof"] = CrmApp.Password },
            "/Account/TwoFactor?handler=Disable");
        off.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.TwoFactorEnabled).SingleAsync())).Should().BeFalse();
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK, "turning it off keeps this session");
        (await AuditActionsAsync(app, managerId)).Should().Contain("two_factor.disabled");
    }

    [Fact]
    public async Task An_admin_resets_a_lost_phone_the_persons_sessions_end_and_the_password_alone_signs_in_again()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var (key, codes) = await EnableAsync(app, manager);
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        (await admin.GetPageAsync($"/Admin/Users/Edit/{managerId}")).Document.QuerySelector("[data-testid=two-factor-state]")!.TextContent.Should().Be("On");

        var reset = await admin.PostFormAsync($"/Admin/Users/Edit/{managerId}", new Dictionary<string, string>(), $"/Admin/Users/Edit/{managerId}?handler=ResetTwoFactor");
        reset.StatusCode.Should().Be(HttpStatusCode.Redirect);

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == managerId));
        user.TwoFactorEnabled.Should().BeFalse();
        (await app.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == managerId && t.Name == "AuthenticatorKey").Select(t => t.Value).SingleAsync()))
            .Should().NotBe(key, "the lost phone's key no longer works");
        (await app.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == managerId && e.Action == "two_factor.reset").Select(e => e.Detail).SingleAsync()))
            .Should().Be("admin");
        (await admin.GetPageAsync($"/Admin/Users/Edit/{managerId}")).Document.QuerySelector("[data-testid=two-factor-state]")!.TextContent.Should().Be("Off");

        app.Time.Advance(TimeSpan.FromSeconds(61));
        (await manager.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect, "the reset ended the person's sessions");
        using var again = app.NewBrowser();
        (await PasswordStepAsync(again, "/Clients")).Location.Should().Be("/Clients");
        codes.Should().NotBeEmpty();
    }

    [Fact]
    public async Task The_command_line_resets_two_factor_by_email_and_refuses_an_unknown_address()
    {
        using var app = new EmailApp(Start);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        await EnableAsync(app, manager);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CommandConsole { Out = output, Error = error };
        (await CommandLine.RunAsync(app.Services, ["users", "reset-2fa", "--email", CrmApp.ManagerEmail], console)).Should().Be(0, error.ToString());
        (await CommandLine.RunAsync(app.Services, ["users", "reset-2fa", "--email", "nobody@example.com"], console)).Should().Be(1);

        output.ToString().Should().Contain("Two-factor sign-in reset for an@example.com");
        error.ToString().Should().Contain("No user with the email nobody@example.com.");
        (await app.WithDbAsync(db => db.Users.Where(u => u.Id == managerId).Select(u => u.TwoFactorEnabled).SingleAsync())).Should().BeFalse();
        (await app.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == managerId && e.Action == "two_factor.reset").Select(e => e.Detail).SingleAsync()))
            .Should().Be("command line");
    }

    /// <summary>Opens the set-up page, reads the key as a person would type it into the app, and confirms with the app's code.</summary>
    private static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAsync(EmailApp app, Browser browser, string? returnUrl = null)
    {
        var setUp = await browser.GetPageAsync("/Account/TwoFactor" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        setUp.StatusCode.Should().Be(HttpStatusCode.OK);
        setUp.Document.QuerySelector("[data-testid=qr-code]")!.GetAttribute("src").Should().StartWith("data:image/svg+xml;base64,");
        var key = setUp.Document.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Replace(" ", "");
        var fields = new Dictionary<string, string> { ["Enable.Code"] = AuthenticatorApp.Code(key, app.Time.Now), ["ReturnUrl"] = returnUrl ?? "" };
        var enabled = await browser.PostAsync("/Account/TwoFactor?handler=Enable", fields, setUp.AntiforgeryToken);
        enabled.StatusCode.Should().Be(HttpStatusCode.OK, string.Join(" ", enabled.Errors));
        enabled.Document.QuerySelector("[data-testid=continue]").Should().NotBeNull(enabled.Text);
        enabled.Document.QuerySelector("[data-testid=continue]")!.GetAttribute("href").Should().Be(returnUrl ?? "/");
        var codes = enabled.Document.QuerySelectorAll("[data-testid=recovery-codes] code").Select(c => c.TextContent.Trim()).ToList();
        return (key, codes);
    }

    private static async Task SignOutAsync(Browser browser) =>
        (await browser.PostFormAsync("/Account/TwoFactor", new Dictionary<string, string>(), "/Account/Logout")).StatusCode.Should().Be(HttpStatusCode.Redirect);

    private static Task<Page> PasswordStepAsync(Browser browser, string returnUrl, bool keepSignedIn = false) =>
        browser.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = CrmApp.ManagerEmail,
            ["Input.Password"] = CrmApp.Password,
            ["Input.RememberMe"] = keepSignedIn ? "true" : "false",
            ["ReturnUrl"] = returnUrl,
        });

    private static Task<Page> CodeStepAsync(Browser browser, string stepUrl, string code, bool rememberBrowser = false) =>
        browser.PostFormAsync(stepUrl, new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.RememberBrowser"] = rememberBrowser ? "true" : "false",
        });

    /// <summary>
    /// The password step, then a recovery code instead of the app's code. Both posts carry the sign-in form's token (the
    /// person is not signed in until the second), which keeps the test within the sign-in pages' rate limit.
    /// </summary>
    private static async Task<Page> RecoveryStepAsync(Browser browser, string recoveryCode)
    {
        var token = (await browser.GetPageAsync("/Account/Login")).AntiforgeryToken;
        var password = await browser.PostAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = CrmApp.ManagerEmail,
            ["Input.Password"] = CrmApp.Password,
        }, token);
        password.Location.Should().StartWith("/Account/LoginTwoFactor");
        return await browser.PostAsync("/Account/LoginRecoveryCode", new Dictionary<string, string> { ["Input.Code"] = recoveryCode }, token);
    }

    /// <summary>Six digits that are none of the codes the app would accept now.</summary>
    private static string WrongCode(string key, DateTimeOffset now)
    {
        var accepted = new[] { -30, 0, 30 }.Select(s => AuthenticatorApp.Code(key, now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => (123456 + i * 7919).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)[..6])
            .First(code => !accepted.Contains(code));
    }

    private static string SetCookie(Page page, string name) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var values) ? values.LastOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal)) ?? "" : "";

    private static Task<List<string>> AuditActionsAsync(CrmApp app, string userId) =>
        app.WithDbAsync(db => db.AuditEvents.Where(e => e.EntityId == userId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
}
