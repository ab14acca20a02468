using Microsoft.AspNetCore.Routing.Template;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// What an address under the API that no endpoint takes answers: 405 with <c>Allow</c> when the address exists for
/// other methods, else 404; both as problem details, never the pages' "page not found" or sign-in.
/// </summary>
public static class ApiFallback
{
    public static RouteGroupBuilder MapApiFallback(this RouteGroupBuilder api)
    {
        api.MapFallback("{**path}", Answer).ExcludeFromDescription();
        return api;
    }

    private static IResult Answer(HttpContext http, EndpointDataSource endpoints)
    {
        var allowed = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith(ApiSetup.Prefix + "/", StringComparison.Ordinal) && !raw.Contains("**", StringComparison.Ordinal)
                && new TemplateMatcher(TemplateParser.Parse(raw), new RouteValueDictionary()).TryMatch(http.Request.Path, new RouteValueDictionary()))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (allowed.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: "No API endpoint at this address; see /api/v1/openapi.json.");
        http.Response.Headers.Allow = string.Join(", ", allowed);
        return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed",
            detail: "This address does not take this method; the Allow header lists those it takes.");
    }
}
