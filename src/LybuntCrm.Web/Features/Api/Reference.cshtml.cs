using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// The browsable API reference for a signed-in person: the OpenAPI document drawn by Scalar, whose script the app serves
/// itself (<see cref="ApiSetup.ReferenceAssets"/>), so it works without the internet and under the app's script policy.
/// </summary>
public sealed class ReferenceModel : PageModel
{
    public string DocumentUrl => ApiSetup.Prefix + "/openapi.json";
}
