using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features;

/// <summary>Everyone starts the day on Today.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/Today");
}
