using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>The tokens page of each person and the admin's page of everyone's tokens.</summary>
public sealed class TokenPagesTests
{
    [Fact]
    public async Task A_token_made_on_the_page_is_shown_once_works_and_is_revoked_from_the_list()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var browser = await app.SignedInAsync(CrmApp.ManagerEmail);

        var made = await browser.PostFormAsync("/Account/Tokens", new Dictionary<string, string>
        {
            ["Input.Name"] = "Shop <orders>",
            ["Input.ExpiresInDays"] = "30",
            ["Input.Scope"] = "Write",
        }, "/Account/Tokens?handler=Create");

        made.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = made.Document.QuerySelector("#new-token")!.GetAttribute("value")!;
        token.Should().StartWith("lyb_");
        made.Html.Should().Contain("Shop &lt;orders&gt;").And.NotContain("Shop <orders>");
        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);
        var list = await browser.GetPageAsync("/Account/Tokens");
        list.Document.QuerySelector("#new-token").Should().BeNull("a token is shown only in the answer that made it");
        list.Html.Should().NotContain(token);
        var row = list.Document.QuerySelector("[data-testid=tokens] tr[data-token]")!;
        row.TextContent.Should().Contain("Read and write");

        var revoked = await browser.PostFormAsync("/Account/Tokens", new Dictionary<string, string> { ["id"] = row.GetAttribute("data-token")! },
            "/Account/Tokens?handler=Revoke");
        revoked.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "token.revoked"))).Should().Be(1);
    }

    [Fact]
    public async Task A_manager_cannot_revoke_someone_elses_token_and_an_admin_can()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        var token = await app.TokenAsync(CrmApp.OtherManagerEmail, ApiTokenScope.Read);
        var id = await app.WithDbAsync(db => db.ApiTokens.Select(t => t.Id).SingleAsync());
        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        await manager.PostFormAsync("/Account/Tokens", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Account/Tokens?handler=Revoke");
        (await manager.GetAsync("/Admin/Tokens")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.OK);

        using var admin = await app.SignedInAsync(CrmApp.AdminEmail);
        var page = await admin.GetPageAsync("/Admin/Tokens");
        page.Document.QuerySelector("[data-testid=all-tokens]")!.TextContent.Should().Contain(CrmApp.OtherManagerEmail);
        await admin.PostFormAsync("/Admin/Tokens", new Dictionary<string, string> { ["id"] = id.ToString() }, "/Admin/Tokens?handler=Revoke");
        (await app.Api(token).GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
