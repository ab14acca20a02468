using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// The REST API under <c>/api/v1</c>: bearer tokens only (never the sign-in cookie, so no antiforgery is needed and a
/// page session cannot be used cross-site), a per-token rate limit, problem details for every error, and the OpenAPI
/// document at <c>/api/v1/openapi.json</c> (a token or a signed-in person; it is only read, so the cookie is safe there).
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api/v1";
    public const string ReadPolicy = "ApiRead";
    public const string WritePolicy = "ApiWrite";
    /// <summary>The OpenAPI document: for a token, or for a person signed in to the pages who is reading about the API.</summary>
    public const string DocumentPolicy = "ApiDocument";
    /// <summary>Where the app serves Scalar's script for the reference page (/Api/Reference), to signed-in people only.</summary>
    public const string ReferenceAssets = "/Api/Scalar";

    public static IServiceCollection AddCrmApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(WritePolicy, p => p.AddAuthenticationSchemes(ApiTokenAuthentication.SchemeName).RequireAuthenticatedUser()
                .RequireClaim(ApiTokenAuthentication.ScopeClaim, nameof(Domain.ApiTokenScope.Write)))
            .AddPolicy(DocumentPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser());
        services.AddProblemDetails();
        services.AddScoped<ApiTokens>();
        services.AddScoped<ApiIdempotency>();
        services.AddSingleton<ApiRateLimit>();
        services.AddOpenApi("v1", o =>
        {
            // The document describes the token API alone: the calendar feed and the Telegram webhook are other doors.
            o.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "LybuntCrm API";
                document.Info.Description = "Clients, contacts, purchases, touches, follow-ups and the LYBUNT and SYBUNT lists, "
                    + "for personal access tokens (Authorization: Bearer).";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapCrmApi(this WebApplication app)
    {
        // One limiter for the app (the generic AddEndpointFilter would make a fresh one per request).
        var api = app.MapGroup(Prefix).RequireAuthorization(ReadPolicy).AddEndpointFilter(app.Services.GetRequiredService<ApiRateLimit>())
            .AddEndpointFilter(ApiCulture.InvokeAsync).WithTags("LybuntCrm");
        api.MapClientsApi();
        api.MapClientCreateApi();
        api.MapContactsApi();
        api.MapPurchaseUpdateApi();
        api.MapPurchasesApi();
        api.MapTouchpointsApi();
        api.MapLybuntApi();
        api.MapFollowUpsApi();
        api.MapApiFallback();
        app.MapOpenApi(Prefix + "/openapi.json").RequireAuthorization(DocumentPolicy);
        app.MapScalarApiReference(ReferenceAssets, o => o.WithOpenApiRoutePattern(Prefix + "/openapi.json")).RequireAuthorization();
        return app;
    }

    /// <summary>True for a request to the API, whose errors are problem details rather than pages.</summary>
    public static bool IsApiRequest(this HttpRequest request) => request.Path.StartsWithSegments(Prefix);
}
