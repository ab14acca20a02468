using System.Diagnostics;
using LybuntCrm.Web.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }

    /// <summary>The database could not be written (disk full, read-only): nothing was saved, retrying now will not help.</summary>
    public bool StorageUnavailable { get; private set; }

    public void OnGet()
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        StorageUnavailable = StorageFailure.Is(HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error);
        if (StorageUnavailable) Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    public void OnPost() => OnGet();
}
