using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features;

/// <summary>Friendly pages for 403, 404 and other status codes without a body.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    public void OnGet(int code) => Describe(code, change: false);

    public void OnPost(int code) => Describe(code, change: true);

    private void Describe(int code, bool change)
    {
        (Title, Text) = code switch
        {
            403 => (t["Not allowed"].Value, Refusal(change)),
            404 => (t["Not found"].Value, t["This page or record does not exist, or it was removed."].Value),
            429 => (t["Too many attempts"].Value, t["Please wait a minute and try again."].Value),
            _ => (t["Something went wrong"].Value, t["Please try again."].Value),
        };
    }

    /// <summary>Why the request was refused, in the words that fit it: an admin area, a client record of someone else's (to change or to edit), or another page.</summary>
    private string Refusal(bool change)
    {
        var path = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? "";
        if (Infrastructure.PagesSetup.AdminFolders.Any(area => path.Equals(area, StringComparison.OrdinalIgnoreCase) || path.StartsWith(area + "/", StringComparison.OrdinalIgnoreCase)))
            return t["This page is for administrators. Ask an administrator if you need something done here."].Value;
        return change || path.StartsWith("/Clients/", StringComparison.OrdinalIgnoreCase)
            ? t["You can look at this record, but only its owner or an administrator can change it."].Value
            : t["Your account does not have access to this page. Ask an administrator if you need it."].Value;
    }
}
