using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.PhoneApp;

/// <summary>
/// The web app manifest that makes the app installable on a phone: <c>GET /manifest.webmanifest</c>. It is written per
/// request, so its language and direction are the reader's (the signed-in user's choice, else the browser's); the layout
/// links it with credentials so the sign-in cookie decides.
/// </summary>
public static class AppManifest
{
    public const string Path = "/manifest.webmanifest";

    /// <summary>The navigation bar's dark end (<c>.app-navbar</c> in site.css): the phone's status bar matches it.</summary>
    public const string ThemeColour = "#1c2c5b";

    /// <summary>The page background (<c>--app-bg</c> in site.css), shown while the installed app starts.</summary>
    public const string BackgroundColour = "#f4f6fb";

    public static IEndpointRouteBuilder MapAppManifest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, Write).AllowAnonymous();
        return endpoints;
    }

    private static IResult Write(HttpContext http, IStringLocalizer<SharedResource> t)
    {
        var culture = CultureInfo.CurrentUICulture;
        var manifest = new Dictionary<string, object>
        {
            ["id"] = "/",
            ["name"] = "LybuntCrm",
            ["short_name"] = "Lybunt",
            ["description"] = t["no client lost through silence"].Value,
            ["lang"] = culture.Name,
            ["dir"] = culture.TextInfo.IsRightToLeft ? "rtl" : "ltr",
            ["start_url"] = "/Today",
            ["scope"] = "/",
            ["display"] = "standalone",
            ["orientation"] = "any",
            ["theme_color"] = ThemeColour,
            ["background_color"] = BackgroundColour,
            ["icons"] = new object[]
            {
                new { src = "/icons/icon-192.png", sizes = "192x192", type = "image/png", purpose = "any" },
                new { src = "/icons/icon-512.png", sizes = "512x512", type = "image/png", purpose = "any" },
                new { src = "/icons/icon-maskable-512.png", sizes = "512x512", type = "image/png", purpose = "maskable" },
            },
        };
        // The language follows the sign-in cookie and the browser's languages, so a shared cache must not mix readers.
        http.Response.Headers.CacheControl = "private, no-cache";
        http.Response.Headers.Vary = "Cookie, Accept-Language";
        return Results.Text(JsonSerializer.Serialize(manifest), "application/manifest+json; charset=utf-8");
    }
}
