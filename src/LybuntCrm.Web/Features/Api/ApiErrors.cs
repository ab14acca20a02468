using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// Every error under <c>/api/v1</c> is problem details, never a page: an unhandled exception is a 500 problem with the
/// request's trace id (the exception is logged, its text never sent), and an answer with an error status and no body
/// (no such address, a method the address does not take, an unreadable body) gets the problem of its status.
/// </summary>
public static class ApiErrors
{
    public static IApplicationBuilder UseCrmApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.IsApiRequest(), api => api.Use(HandleAsync));

    private static async Task HandleAsync(HttpContext context, RequestDelegate next)
    {
        // The pages' "page not found" would otherwise replace an empty API error.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages) statusCodePages.Enabled = false;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiErrors).FullName!)
                .LogError(exception, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await WriteAsync(context, StatusCodes.Status500InternalServerError);
            return;
        }
        if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Response.ContentLength is null
            && string.IsNullOrEmpty(context.Response.ContentType))
            await WriteAsync(context, context.Response.StatusCode);
    }

    private static Task WriteAsync(HttpContext context, int status)
    {
        var (title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("Bad request", "The request could not be read; send a JSON body as the OpenAPI document describes."),
            StatusCodes.Status404NotFound => ("Not found", "No API endpoint at this address; see /api/v1/openapi.json."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", "This address does not take this method; the Allow header lists those it takes."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported media type", "Send the body as application/json."),
            StatusCodes.Status500InternalServerError => ("Server error", "Something went wrong on the server. Quote the trace id when you report it."),
            _ => (ReasonPhrases.GetReasonPhrase(status), null),
        };
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
