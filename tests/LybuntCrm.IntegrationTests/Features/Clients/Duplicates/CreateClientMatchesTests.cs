using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LybuntCrm.IntegrationTests.Features.Clients.Duplicates.DuplicateSeed;

namespace LybuntCrm.IntegrationTests.Features.Clients.Duplicates;

/// <summary>A new client that looks like an existing one is shown beside it before it is saved.</summary>
public sealed class CreateClientMatchesTests
{
    private static Dictionary<string, string> Form(string name, string? domain = null) => new()
    {
        ["Input.Name"] = name,
        ["Input.Status"] = "Client",
        ["Input.Stage"] = "Purchased",
        ["Input.CadenceDays"] = "120",
        ["Input.PreferredChannel"] = "Phone",
        ["Input.EmailDomain"] = domain ?? "",
    };

    [Fact]
    public async Task Creating_a_client_in_another_spelling_shows_the_existing_one_first_and_creates_it_only_when_asked()
    {
        using var app = new CrmApp();
        var (_, managerId, _) = await app.EnsureStandardUsersAsync();
        var existing = await ClientAsync(app, "Công ty TNHH Thái Bình Dương", managerId);
        var sameDomain = await ClientAsync(app, "Dai Viet Trading", managerId, shape: c => c.EmailDomain = "daiviet.vn");
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);

        var shown = await manager.PostFormAsync("/Clients/Edit", Form("THAI BINH DUONG CO., LTD"));

        shown.StatusCode.Should().Be(HttpStatusCode.OK);
        shown.Document.QuerySelectorAll("[data-testid=likely-match]").Select(a => a.GetAttribute("href")).Should().Equal($"/Clients/{existing}");
        shown.Document.QuerySelector("[data-testid=likely-matches]")!.TextContent.Should().Contain("Same name after folding");
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(2, "nothing is saved before the user decides");

        var byDomain = await manager.PostFormAsync("/Clients/Edit", Form("Nam Phong", "DAIVIET.vn"));
        byDomain.Document.QuerySelectorAll("[data-testid=likely-match]").Select(a => a.GetAttribute("href")).Should().Equal($"/Clients/{sameDomain}");

        var anyway = Form("THAI BINH DUONG CO., LTD");
        anyway["CreateAnyway"] = "true";
        var created = await manager.PostFormAsync("/Clients/Edit", anyway);
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.WithDbAsync(db => db.Clients.CountAsync())).Should().Be(3);

        var unique = await manager.PostFormAsync("/Clients/Edit", Form("Orchid Hall"));
        unique.StatusCode.Should().Be(HttpStatusCode.Redirect, "a client like no other is created at once");
    }
}
