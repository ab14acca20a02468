using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LybuntCrm.IntegrationTests.Features.Clients;
using LybuntCrm.IntegrationTests.Infrastructure;
using LybuntCrm.Web.Domain;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LybuntCrm.IntegrationTests.Features.Api;

/// <summary>Every endpoint against the authorization matrix: who may call it, and what the refusals look like.</summary>
public sealed class ApiAuthorizationTests : IAsyncLifetime
{
    private readonly CrmApp _app = new();
    private int _mine;
    private int _theirs;
    /// <summary>A contact, a purchase and an open follow-up of each client, for {k}, {p} and {f}.</summary>
    private readonly Dictionary<int, (int Contact, int Purchase, int FollowUp)> _children = [];

    public async Task InitializeAsync()
    {
        var (_, managerId, otherId) = await _app.EnsureStandardUsersAsync();
        _mine = await _app.WithDbAsync(db => db.AddClientAsync("Mine Ltd", managerId));
        _theirs = await _app.WithDbAsync(db => db.AddClientAsync("Theirs Ltd", otherId));
        foreach (var (clientId, ownerId) in new[] { (_mine, managerId), (_theirs, otherId) })
            _children[clientId] = await _app.WithDbAsync(async db =>
            {
                var contact = new Contact { ClientId = clientId, Name = "Someone at " + clientId };
                var purchase = new Purchase { ClientId = clientId, Date = new DateOnly(2026, 5, 1), Amount = 10m, Currency = "USD" };
                var followUp = new FollowUp
                {
                    ClientId = clientId,
                    AssigneeId = ownerId,
                    Kind = FollowUpKind.Custom,
                    DueOn = _app.Today,
                    PlannedOn = _app.Today,
                    Reason = "Call back",
                    SourceKey = "matrix:" + clientId,
                };
                db.AddRange(contact, purchase, followUp);
                await db.SaveChangesAsync();
                return (contact.Id, purchase.Id, followUp.Id);
            });
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every mapped endpoint with a body that is valid for it; {c} is the client's id, {k} a contact and {p} a purchase of
    /// that client. <see cref="Every_endpoint_under_the_api_is_in_this_matrix_and_in_the_openapi_document"/> keeps it whole.
    /// </summary>
    public static TheoryData<string, string, bool> Endpoints => new()
    {
        { "GET", "/api/v1/clients", false },
        { "POST", "/api/v1/clients", true },
        { "GET", "/api/v1/clients/{c}/contacts", false },
        { "POST", "/api/v1/clients/{c}/contacts", true },
        { "PATCH", "/api/v1/contacts/{k}", true },
        { "GET", "/api/v1/purchases/{p}", false },
        { "PATCH", "/api/v1/purchases/{p}", true },
        { "GET", "/api/v1/sybunt", false },
        { "GET", "/api/v1/clients/{c}", false },
        { "PATCH", "/api/v1/clients/{c}", true },
        { "GET", "/api/v1/clients/{c}/touchpoints", false },
        { "POST", "/api/v1/clients/{c}/touchpoints", true },
        { "POST", "/api/v1/clients/{c}/purchases", true },
        { "POST", "/api/v1/clients/{c}/purchases/{p}/cancel", true },
        { "GET", "/api/v1/lybunt", false },
        { "GET", "/api/v1/followups", false },
        { "POST", "/api/v1/followups/{f}/done", true },
        { "POST", "/api/v1/followups/{f}/snooze", true },
        { "POST", "/api/v1/followups/{f}/dismiss", true },
    };

    private static object? BodyFor(string method, string url) => (method, url) switch
    {
        ("PATCH", _) when url.Contains("/contacts/", StringComparison.Ordinal) => new { role = "Buyer" },
        ("PATCH", _) when url.Contains("/purchases/", StringComparison.Ordinal) => new { amount = "12.50" },
        ("PATCH", _) => new { name = "Renamed Ltd" },
        ("POST", "/api/v1/clients") => new { name = "New Client Ltd" },
        ("POST", _) when url.EndsWith("/contacts", StringComparison.Ordinal) => new { name = "Lan Nguyen", email = "lan@example.vn" },
        ("POST", _) when url.EndsWith("/touchpoints", StringComparison.Ordinal) => new { channel = "Phone", outcome = "Reached" },
        ("POST", _) when url.EndsWith("/purchases", StringComparison.Ordinal) => new { date = "2026-06-01", amount = "10.00", currency = "USD" },
        ("POST", _) when url.EndsWith("/done", StringComparison.Ordinal) => new { outcome = "Reached" },
        ("POST", _) when url.EndsWith("/snooze", StringComparison.Ordinal) => new { until = "2026-06-20" },
        ("POST", _) when url.EndsWith("/dismiss", StringComparison.Ordinal) => new { reason = "Not needed now" },
        _ => null,
    };

    private Task<HttpResponseMessage> CallAsync(string? token, string method, string template, int clientId, IDictionary<string, string>? headers = null)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var url = template.Replace("{c}", clientId.ToString(invariant), StringComparison.Ordinal)
            .Replace("{k}", _children[clientId].Contact.ToString(invariant), StringComparison.Ordinal)
            .Replace("{p}", _children[clientId].Purchase.ToString(invariant), StringComparison.Ordinal)
            .Replace("{f}", _children[clientId].FollowUp.ToString(invariant), StringComparison.Ordinal);
        headers ??= new Dictionary<string, string>();
        if (method == "PATCH") headers["If-Match"] = "*";
        return _app.Api(token).SendJsonAsync(new HttpMethod(method), url, BodyFor(method, url), headers);
    }

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_a_token_every_endpoint_answers_401_with_a_problem(string method, string url, bool _)
    {
        var response = await CallAsync(null, method, url, _mine);
        await ShouldBeProblemAsync(response, HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_expired_a_revoked_or_an_unknown_token_and_a_deactivated_user_get_401(string method, string url, bool _)
    {
        var expired = await _app.TokenAsync(CrmApp.ManagerEmail, expiresInDays: 1);
        var revoked = await _app.TokenAsync(CrmApp.ManagerEmail);
        var inactive = await _app.TokenAsync(CrmApp.OtherManagerEmail);
        await _app.WithDbAsync(async db =>
        {
            await db.ApiTokens.Where(t => t.TokenHash == Web.Features.Api.ApiTokens.Hash(expired))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAtUtc, DateTime.UtcNow.AddYears(-5)));
            await db.ApiTokens.Where(t => t.TokenHash == Web.Features.Api.ApiTokens.Hash(revoked))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, DateTime.UtcNow));
            await db.Users.Where(u => u.Email == CrmApp.OtherManagerEmail).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        });

        foreach (var token in new[] { expired, revoked, inactive, "lyb_not-a-real-token", "something-else" })
            await ShouldBeProblemAsync(await CallAsync(token, method, url, token == inactive ? _theirs : _mine), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_read_token_reads_but_writing_gets_403(string method, string url, bool writes)
    {
        var token = await _app.TokenAsync(CrmApp.ManagerEmail, ApiTokenScope.Read);
        var response = await CallAsync(token, method, url, _mine);
        if (writes) await ShouldBeProblemAsync(response, HttpStatusCode.Forbidden);
        else response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_manager_gets_404_for_another_managers_client_and_an_admin_reaches_it(string method, string url, bool _)
    {
        var manager = await _app.TokenAsync(CrmApp.ManagerEmail);
        var admin = await _app.TokenAsync(CrmApp.AdminEmail);
        if (url.Contains('{', StringComparison.Ordinal))
        {
            var refused = await CallAsync(manager, method, url, _theirs);
            await ShouldBeProblemAsync(refused, HttpStatusCode.NotFound);
            (await refused.Content.ReadAsStringAsync()).Should().NotContain("Theirs Ltd").And.NotContain("Someone at");
        }
        var asAdmin = await CallAsync(admin, method, url, _theirs);
        // A create answers 201; everything else, an update or an action on what exists, 200.
        var creates = method == "POST" && !url.StartsWith("/api/v1/followups/", StringComparison.Ordinal) && !url.EndsWith("/cancel", StringComparison.Ordinal);
        asAdmin.StatusCode.Should().Be(creates ? HttpStatusCode.Created : HttpStatusCode.OK, await asAdmin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_managers_list_holds_their_own_clients_only_and_an_admins_everyone()
    {
        var manager = await _app.Api(await _app.TokenAsync(CrmApp.ManagerEmail, ApiTokenScope.Read)).GetStringAsync("/api/v1/clients?owner=anyone");
        manager.Should().Contain("Mine Ltd").And.NotContain("Theirs Ltd");
        var admin = await _app.Api(await _app.TokenAsync(CrmApp.AdminEmail, ApiTokenScope.Read)).GetStringAsync("/api/v1/clients");
        admin.Should().Contain("Mine Ltd").And.Contain("Theirs Ltd");
    }

    [Fact]
    public async Task The_sign_in_cookie_is_not_accepted_by_the_api()
    {
        using var browser = await _app.SignedInAsync(CrmApp.ManagerEmail);
        (await browser.GetAsync("/api/v1/clients")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_field_error_is_a_validation_problem_naming_the_field()
    {
        var token = await _app.TokenAsync(CrmApp.ManagerEmail);
        var response = await _app.Api(token).SendJsonAsync(HttpMethod.Post, $"/api/v1/clients/{_mine}/purchases",
            new { date = "2026-06-01", amount = "0", currency = "dollars" });
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        errors.GetProperty("amount")[0].GetString().Should().Be("Enter an amount greater than zero.");
        errors.GetProperty("currency")[0].GetString().Should().Be("Enter a three-letter currency code, such as USD.");
    }

    [Fact]
    public async Task An_address_under_the_api_that_names_nothing_is_a_404_problem()
    {
        var response = await _app.Api(await _app.TokenAsync(CrmApp.ManagerEmail)).GetAsync("/api/v1/no-such-thing");
        await ShouldBeProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_openapi_document_is_for_a_token_and_nobody_else()
    {
        (await _app.Api(null).GetAsync("/api/v1/openapi.json")).StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        (await _app.Api(await _app.TokenAsync(CrmApp.ManagerEmail)).GetAsync("/api/v1/openapi.json")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>An address with its parameters unnamed: "/api/v1/clients/{id:int}" and "/api/v1/clients/{c}" are both "/api/v1/clients/{}".</summary>
    private static string Shape(string template) => Regex.Replace(template.TrimEnd('/'), "{[^}]*}", "{}");

    [Fact]
    public async Task Every_endpoint_under_the_api_is_in_this_matrix_and_in_the_openapi_document()
    {
        var document = JsonDocument.Parse(await _app.Api(await _app.TokenAsync(CrmApp.ManagerEmail)).GetStringAsync("/api/v1/openapi.json"));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => operation.Name.ToUpperInvariant() + " " + Shape(path.Name)))
            .ToHashSet();
        var inMatrix = Endpoints.Select(row => (string)row[0] + " " + Shape((string)row[1])).ToHashSet();

        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true && e.RoutePattern.RawText != "/api/v1/openapi.json")
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => m + " " + Shape(e.RoutePattern.RawText!)))
            .ToList();

        mapped.Should().HaveCountGreaterThanOrEqualTo(17);
        documented.Should().BeEquivalentTo(mapped, "the document describes the token API and nothing else");
        document.RootElement.GetProperty("info").GetProperty("title").GetString().Should().Be("LybuntCrm API");
        inMatrix.Should().BeEquivalentTo(mapped, "every endpoint is checked against the authorization matrix");
    }
}
