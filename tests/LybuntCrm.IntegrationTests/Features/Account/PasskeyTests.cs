using System.Buffers.Text;
using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Account;

/// <summary>
/// Passkey sign-in and the passkeys page, with a passkey held by the test (the browser journey uses Chromium's virtual
/// authenticator): what is refused, and that a passkey alone is a full sign-in.
/// </summary>
public sealed class PasskeyTests
{
    private const string Origin = "http://localhost";
    private const string Refused = "That passkey did not sign you in";
    private static readonly Dictionary<string, string?> PublicAddress = new() { ["App:BaseUrl"] = Origin };

    [Fact]
    public async Task A_passkey_alone_signs_in_without_a_second_step_and_the_sign_in_is_audited()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), PublicAddress);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var passkey = new SoftwarePasskey();
        await AddPasskeyAsync(app, managerId, passkey);

        using var browser = app.NewBrowser();
        var signedIn = await SignInWithPasskeyAsync(browser, passkey, managerId);

        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect, signedIn.Text);
        signedIn.Location.Should().Be("/");
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var passkeys = await browser.GetPageAsync("/Account/Passkeys");
        passkeys.Text.Should().Contain("Laptop").And.NotContain("Not used yet", "the passkey was just used");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "login.passkey" && e.UserId == managerId))).Should().Be(1);
    }

    [Fact]
    public async Task An_inactive_users_passkey_is_refused_with_the_same_message_as_an_unknown_one()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), PublicAddress);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var passkey = new SoftwarePasskey();
        await AddPasskeyAsync(app, managerId, passkey);
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(managerId))!;
            user.IsActive = false;
            return await users.UpdateAsync(user);
        });

        using var browser = app.NewBrowser();
        var refused = await SignInWithPasskeyAsync(browser, passkey, managerId);
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.Text.Should().Contain(Refused);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect, "no session was started");

        using var unknown = new SoftwarePasskey();
        using var other = app.NewBrowser();
        (await SignInWithPasskeyAsync(other, unknown, managerId)).Text.Should().Contain(Refused);
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "login.failed" && e.Detail == "passkey: inactive account")))
            .Should().Be(1);
    }

    [Fact]
    public async Task A_locked_out_account_and_a_passkey_answered_for_another_site_are_refused()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), PublicAddress);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var passkey = new SoftwarePasskey();
        await AddPasskeyAsync(app, managerId, passkey);

        using (var phished = app.NewBrowser())
            (await SignInWithPasskeyAsync(phished, passkey, managerId, origin: "https://crm.example.net")).Text.Should().Contain(Refused);

        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.SetLockoutEndDateAsync((await users.FindByIdAsync(managerId))!, DateTimeOffset.MaxValue);
        });
        using var browser = app.NewBrowser();
        (await SignInWithPasskeyAsync(browser, passkey, managerId)).Text.Should().Contain(Refused);
        (await browser.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Another_users_passkey_can_be_neither_renamed_nor_removed()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), PublicAddress);
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        using var passkey = new SoftwarePasskey();
        await AddPasskeyAsync(app, managerId, passkey);
        var id = Base64Url.EncodeToString(passkey.CredentialId);

        using var tom = await app.SignedInAsync(CrmApp.OtherManagerEmail);
        (await tom.PostFormAsync("/Account/Passkeys", new Dictionary<string, string> { ["id"] = id }, "/Account/Passkeys?handler=Remove"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tom.PostFormAsync("/Account/Passkeys", new Dictionary<string, string> { ["Input.Id"] = id, ["Input.Name"] = "Mine now" },
            "/Account/Passkeys?handler=Rename")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await tom.GetPageAsync("/Account/Passkeys")).Text.Should().NotContain("Laptop");

        var kept = await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.GetPasskeyAsync((await users.FindByIdAsync(managerId))!, passkey.CredentialId);
        });
        kept!.Name.Should().Be("Laptop");

        // The owner can do both; removal is audited and the passkey no longer signs in.
        using var owner = await app.SignedInAsync(CrmApp.ManagerEmail);
        (await owner.PostFormAsync("/Account/Passkeys", new Dictionary<string, string> { ["Input.Id"] = id, ["Input.Name"] = "Home laptop" },
            "/Account/Passkeys?handler=Rename")).StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await owner.GetPageAsync("/Account/Passkeys")).Text.Should().Contain("Home laptop");
        (await owner.PostFormAsync("/Account/Passkeys", new Dictionary<string, string> { ["id"] = id }, "/Account/Passkeys?handler=Remove"))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await owner.GetAsync("/Clients")).StatusCode.Should().Be(HttpStatusCode.OK, "removing a passkey keeps the session that removed it");
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "passkey.removed" && e.UserId == managerId))).Should().Be(1);
        using var again = app.NewBrowser();
        (await SignInWithPasskeyAsync(again, passkey, managerId)).Text.Should().Contain(Refused);
    }

    [Fact]
    public async Task Anonymous_visitors_cannot_ask_for_registration_options_or_add_a_passkey()
    {
        using var app = new CrmApp(new DateOnly(2026, 6, 15), PublicAddress);
        await app.EnsureStandardUsersAsync();
        using var anonymous = app.NewBrowser();
        var token = (await anonymous.GetPageAsync("/Account/Login")).AntiforgeryToken;

        foreach (var handler in new[] { "CreationOptions", "Add" })
        {
            var refused = await anonymous.PostAsync($"/Account/Passkeys?handler={handler}", new Dictionary<string, string>(), token);
            refused.StatusCode.Should().Be(HttpStatusCode.Redirect, handler);
            refused.Location.Should().Contain("/Account/Login", handler);
        }
    }

    private static async Task AddPasskeyAsync(CrmApp app, string userId, SoftwarePasskey passkey) =>
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var result = await users.AddOrUpdatePasskeyAsync((await users.FindByIdAsync(userId))!, passkey.Info("Laptop"));
            result.Succeeded.Should().BeTrue();
            return result;
        });

    /// <summary>What passkeys.js does: fetch the options, let the authenticator answer, post the answer.</summary>
    private static async Task<Page> SignInWithPasskeyAsync(Browser browser, SoftwarePasskey passkey, string userId, string origin = Origin)
    {
        var token = (await browser.GetPageAsync("/Account/Login")).AntiforgeryToken;
        var options = await browser.PostAsync("/Account/Login?handler=PasskeyOptions", new Dictionary<string, string>(), token);
        options.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = passkey.Answer(options.Html, origin, userId);
        return await browser.PostAsync("/Account/Login?handler=Passkey", new Dictionary<string, string> { ["credentialJson"] = answer }, token);
    }
}
