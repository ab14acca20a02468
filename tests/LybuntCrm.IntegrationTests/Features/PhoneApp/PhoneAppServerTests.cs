using System.Net;
using System.Text.Json;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Features.PhoneApp;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.PhoneApp;

/// <summary>
/// What the server does for the installable app: a manifest in the reader's language and direction, the per-user key on
/// the pages the service worker may keep (and on no other page), the hidden offline mark, and sign-out clearing the browser.
/// </summary>
public sealed class PhoneAppServerTests
{
    [Fact]
    public async Task The_manifest_speaks_the_signed_in_users_language_and_direction()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == CrmApp.ManagerEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "fa")));
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var response = await manager.GetAsync(AppManifest.Path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/manifest+json");
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        root.GetProperty("lang").GetString().Should().Be("fa");
        root.GetProperty("dir").GetString().Should().Be("rtl");
        root.GetProperty("start_url").GetString().Should().Be("/Today");
        root.GetProperty("scope").GetString().Should().Be("/");
        root.GetProperty("display").GetString().Should().Be("standalone");
        root.GetProperty("description").GetString().Should().NotBe("no client lost through silence", "it is translated");
        var icons = root.GetProperty("icons").EnumerateArray().ToList();
        icons.Select(i => i.GetProperty("sizes").GetString()).Should().Contain(["192x192", "512x512"]);
        icons.Should().Contain(i => i.GetProperty("purpose").GetString() == "maskable");
        foreach (var icon in icons)
            (await manager.GetAsync(icon.GetProperty("src").GetString()!)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Before_sign_in_the_manifest_follows_the_browsers_language()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        visitor.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("vi-VN");

        using var manifest = JsonDocument.Parse(await visitor.Http.GetStringAsync(AppManifest.Path));

        manifest.RootElement.GetProperty("lang").GetString().Should().Be("vi");
        manifest.RootElement.GetProperty("dir").GetString().Should().Be("ltr");
    }

    [Fact]
    public async Task Only_today_and_client_pages_carry_the_users_cache_key_and_each_user_has_their_own()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var clientId = await app.WithDbAsync(async db =>
        {
            var owner = await db.Users.Where(u => u.Email == CrmApp.AdminEmail).Select(u => u.Id).SingleAsync();
            var client = new LybuntCrm.Web.Domain.Client { Name = "Harbour Bakery", OwnerId = owner, CreatedOn = new DateOnly(2025, 1, 1) };
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            return client.Id;
        });
        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        using var visitor = app.NewBrowser();

        var adminKey = KeyOf(await admin.GetAsync("/Today"));
        var managerKey = KeyOf(await manager.GetAsync("/Today"));
        adminKey.Should().MatchRegex("^[0-9a-f]{32}$");
        managerKey.Should().MatchRegex("^[0-9a-f]{32}$").And.NotBe(adminKey);
        KeyOf(await admin.GetAsync($"/Clients/{clientId}")).Should().Be(adminKey);

        foreach (var path in new[] { "/Admin", "/Admin/Users", "/Import", "/Account/Profile", "/Account/Preferences", "/Clients", "/api/v1/clients" })
            KeyOf(await admin.GetAsync(path)).Should().BeNull(path + " is never kept");
        KeyOf(await visitor.GetAsync("/Today")).Should().BeNull("nobody is signed in");
    }

    [Fact]
    public async Task Today_holds_a_hidden_offline_mark_with_the_time_in_the_users_zone()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var today = await manager.GetPageAsync("/Today");

        var mark = today.Document.QuerySelector("[data-offline-mark]");
        mark.Should().NotBeNull();
        mark!.HasAttribute("hidden").Should().BeTrue();
        mark.TextContent.Should().MatchRegex(@"Offline, as of \d\d:\d\d");
        today.Html.Should().Contain("data-offline-mark hidden", "the service worker shows the mark by removing exactly this");
        (await manager.GetPageAsync("/Clients")).Document.QuerySelector("[data-offline-mark]").Should().BeNull();
    }

    [Fact]
    public async Task Sign_out_asks_the_browser_to_clear_its_caches_and_storage()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var signedOut = await manager.PostFormAsync("/Today", new Dictionary<string, string>(), "/Account/Logout");

        signedOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signedOut.Response.Headers.GetValues("Clear-Site-Data").Single().Should().Be("\"cache\", \"storage\"");
    }

    private static string? KeyOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(OfflinePages.CacheKeyHeader, out var values) ? values.Single() : null;
}
