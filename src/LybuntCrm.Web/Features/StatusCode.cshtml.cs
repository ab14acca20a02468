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

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Text) = code switch
        {
            403 => (t["Not allowed"].Value, t["You can look at this record, but only its owner or an administrator can change it."].Value),
            404 => (t["Not found"].Value, t["This page or record does not exist, or it was removed."].Value),
            429 => (t["Too many attempts"].Value, t["Please wait a minute and try again."].Value),
            _ => (t["Something went wrong"].Value, t["Please try again."].Value),
        };
    }
}
