using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using LybuntCrm.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Security;

/// <summary>
/// Every endpoint the app exposes, discovered from its own endpoint list (so a new page cannot escape), requested
/// as an anonymous visitor, an account manager and an admin.
/// </summary>
public sealed partial class AuthorizationMatrixTests : IClassFixture<SharedCrmApp>
{
    /// <summary>The only routes a visitor may reach without signing in.</summary>
    /// <remarks>
    /// The web app manifest is read by the browser before sign-in (it carries only the app's name, icons and language), and
    /// the API reference's script files are a library's static files, like those under wwwroot; the reference page itself
    /// and the document it draws need a signed-in person.
    /// </remarks>
    private static readonly string[] AnonymousRoutes =
        ["/manifest.webmanifest", "/Api/Scalar/scalar.js", "/Api/Scalar/scalar.aspnetcore.js", "/Api/Scalar/favicon.svg", "/Account/Login", "/Account/Setup", "/Account/AccessDenied", "/Error", "/StatusCode", "/Account/Language", "/Account/ForgotPassword", "/Account/ResetPassword", "/health", "/calendar/", "/digest/", "/telegram/webhook"];

    /// <summary>Areas only admins may enter.</summary>
    private static readonly string[] AdminAreas =
        ["/Admin", "/Import", "/admin/jobs", "/Prospects/Settings", "/Clients/{clientId:int}/Contacts/{contactId:int}/Erase"];

    /// <summary>The API answers bearer tokens only (ApiAuthorizationTests): a page session gets 401 there, never the data.</summary>
    private static bool IsTokenOnly(string route) =>
        route.StartsWith("/api/v1/", StringComparison.OrdinalIgnoreCase) && route != "/api/v1/openapi.json";

    private readonly CrmApp _app;

    public AuthorizationMatrixTests(SharedCrmApp app)
    {
        _app = app;
        _app.EnsureStandardUsersAsync().GetAwaiter().GetResult();
    }

    private IReadOnlyList<RouteEndpoint> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .ToList();

    private static string Route(RouteEndpoint e) => "/" + e.RoutePattern.RawText!.TrimStart('/');

    private static bool IsUnder(string route, string[] prefixes) =>
        prefixes.Any(p => route.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A concrete URL for a route pattern: parameters become a sample id that matches no record.</summary>
    private static string Url(RouteEndpoint e)
    {
        var url = ParameterPattern().Replace(Route(e), m => m.Value.Contains("**") || m.Value.Contains('?') ? "" : "999999");
        return url.Length > 1 ? url.TrimEnd('/') : url;
    }

    [Fact]
    public void Only_the_expected_routes_allow_anonymous_visitors()
    {
        var anonymous = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(Route).Where(r => !r.StartsWith("/_", StringComparison.Ordinal)).Distinct().ToList();

        anonymous.Should().NotBeEmpty();
        anonymous.Should().OnlyContain(r => IsUnder(r, AnonymousRoutes), "every other page needs a signed-in user");
        Endpoints().Select(Route).Should().Contain("/Act/{token}");
        anonymous.Should().NotContain("/Act/{token}", "a digest's one-click link acts for a signed-in user only");
    }

    [Fact]
    public void Every_endpoint_in_an_admin_area_requires_the_admin_role()
    {
        var adminEndpoints = Endpoints().Where(e => IsUnder(Route(e), AdminAreas)).ToList();
        adminEndpoints.Should().NotBeEmpty();
        adminEndpoints.Select(Route).Should().Contain("/Admin/Mailboxes");
        Endpoints().Select(Route).Should().Contain("/Account/Mailbox", "a manager's own mailbox page is open to every signed-in user");
        foreach (var endpoint in adminEndpoints)
        {
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            policies.Should().Contain(a => a.Policy == "Admin" || (a.Roles ?? "").Contains("Admin"), Route(endpoint));
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_everywhere_but_the_public_routes()
    {
        using var anonymous = _app.NewBrowser();
        foreach (var endpoint in Endpoints())
        {
            var route = Route(endpoint);
            if (IsUnder(route, AnonymousRoutes) || !AllowsGet(endpoint)) continue;
            var response = await anonymous.GetAsync(Url(endpoint));
            ((int)response.StatusCode).Should().BeOneOf([302, 401], route);
            if (response.StatusCode == HttpStatusCode.Redirect)
                response.Headers.Location!.ToString().Should().Contain("/Account/Login", route);
        }
    }

    [Fact]
    public async Task Account_managers_are_refused_the_admin_areas_and_reach_everything_else()
    {
        using var manager = await _app.SignedInAsync(CrmApp.ManagerEmail);
        foreach (var endpoint in Endpoints().Where(AllowsGet))
        {
            var route = Route(endpoint);
            if (IsUnder(route, AnonymousRoutes)) continue;
            var response = await manager.GetAsync(Url(endpoint));
            if (IsTokenOnly(route))
                response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            else if (IsUnder(route, AdminAreas))
                response.StatusCode.Should().Be(HttpStatusCode.Forbidden, route);
            else
                ((int)response.StatusCode).Should().BeOneOf([200, 302, 404], route);
        }
    }

    [Fact]
    public async Task Admins_reach_every_page()
    {
        using var admin = await _app.SignedInAsync(CrmApp.AdminEmail);
        foreach (var endpoint in Endpoints().Where(AllowsGet))
        {
            var route = Route(endpoint);
            if (IsUnder(route, AnonymousRoutes)) continue;
            var response = await admin.GetAsync(Url(endpoint));
            if (IsTokenOnly(route)) response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            else ((int)response.StatusCode).Should().BeOneOf([200, 302, 404], route);
        }
    }

    [Fact]
    public async Task Posts_to_admin_handlers_by_a_manager_are_refused_before_anything_happens()
    {
        using var manager = await _app.SignedInAsync(CrmApp.ManagerEmail);
        var token = (await manager.GetPageAsync("/Account/AccessDenied")).AntiforgeryToken
            ?? (await manager.GetPageAsync("/Clients")).AntiforgeryToken;
        token.Should().NotBeNull();

        foreach (var (endpoint, handler) in PostHandlers().Where(h => IsUnder(Route(h.Endpoint), AdminAreas)))
        {
            var url = Url(endpoint) + (handler is null ? "" : $"?handler={handler}");
            var page = await manager.PostAsync(url, new Dictionary<string, string>(), token);
            page.StatusCode.Should().Be(HttpStatusCode.Forbidden, url);
        }
    }

    [Fact]
    public async Task Posts_without_an_antiforgery_token_are_rejected_everywhere()
    {
        using var admin = await _app.SignedInAsync(CrmApp.AdminEmail);
        var handlers = PostHandlers().ToList();
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Admin/Users/Create" && h.Handler == null);
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Admin" && h.Handler == "SeedDemo");
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Account/Mailbox" && h.Handler == "Remove");
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Admin/Mailboxes" && h.Handler == null);
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Clients/{id:int}" && h.Handler == "DeleteTouchpoint");
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Act/{token}" && h.Handler == null, "a digest link's button changes data");
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Clients/{clientId:int}/Write" && h.Handler == null);
        handlers.Should().Contain(h => Route(h.Endpoint) == "/Clients/{clientId:int}/Write" && h.Handler == "Render");
        // The error pages answer re-executed failed POSTs, so they take no token and change nothing.
        foreach (var (endpoint, handler) in handlers.Where(h => !IsUnder(Route(h.Endpoint), ["/Error", "/StatusCode"])))
        {
            var url = Url(endpoint) + (handler is null ? "" : $"?handler={handler}");
            var page = await admin.PostAsync(url, new Dictionary<string, string>(), token: null);
            ((int)page.StatusCode).Should().BeOneOf([400, 404], url);
        }
    }

    private static bool AllowsGet(RouteEndpoint e)
    {
        var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return methods is null || methods.Count == 0 || methods.Contains("GET");
    }

    /// <summary>Every POST handler of every page (OnPost, OnPostXxx), paired with its endpoint.</summary>
    private IEnumerable<(RouteEndpoint Endpoint, string? Handler)> PostHandlers()
    {
        foreach (var endpoint in Endpoints())
        {
            var descriptor = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>();
            var modelType = descriptor?.ModelTypeInfo?.AsType()
                ?? endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() switch
                {
                    null => null,
                    var page => FindModelType(page.ViewEnginePath),
                };
            if (modelType is null || !typeof(PageModel).IsAssignableFrom(modelType)) continue;
            foreach (var method in modelType.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var match = PostHandlerPattern().Match(method.Name);
                if (match.Success) yield return (endpoint, match.Groups[1].Value is { Length: > 0 } h ? h : null);
            }
        }
    }

    private static Type? FindModelType(string viewEnginePath)
    {
        var name = "LybuntCrm.Web.Features" + viewEnginePath.Replace('/', '.') + "Model";
        var type = typeof(Program).Assembly.GetType(name);
        if (type is null && viewEnginePath.EndsWith("/Index", StringComparison.Ordinal))
            type = typeof(Program).Assembly.GetType("LybuntCrm.Web.Features" + viewEnginePath.Replace('/', '.')[..^".Index".Length] + ".IndexModel");
        return type;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"^OnPost(\w*?)(Async)?$")]
    private static partial Regex PostHandlerPattern();
}
