using System.Net;
using LybuntCrm.IntegrationTests.Infrastructure;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>The browsable API reference: for signed-in people, drawn by a script the app serves itself, under the app's script policy.</summary>
public sealed class ApiReferencePageTests
{
    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_and_a_signed_in_manager_gets_the_reference_with_its_script_from_the_app()
    {
        using var app = new CrmApp();
        await app.EnsureStandardUsersAsync();
        using var visitor = app.NewBrowser();
        var anonymous = await visitor.GetAsync("/Api/Reference");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().Should().Contain("/Account/Login");

        using var manager = await app.SignedInAsync(CrmApp.ManagerEmail);
        var page = await manager.GetPageAsync("/Api/Reference");
        var script = await manager.GetAsync("/Api/Scalar/scalar.js");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Document.QuerySelector("[data-testid=api-reference]")!.GetAttribute("data-url").Should().Be("/api/v1/openapi.json");
        page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!).Should().OnlyContain(src => src.StartsWith('/'),
            "every script comes from the app: there is no internet");
        page.Response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self';");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.Should().Contain("javascript");
        (await manager.GetPageAsync("/Account/Tokens")).Document.QuerySelector("[data-testid=api-reference-link]")!.GetAttribute("href")
            .Should().Be("/Api/Reference");
    }
}
