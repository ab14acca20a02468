using System.Security.Cryptography;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using LybuntCrm.Web.Infrastructure.Security;

namespace LybuntCrm.Web.Features.PhoneApp;

/// <summary>
/// Which pages the service worker (<c>wwwroot/sw.js</c>) may keep for offline reading, and for whom: Today and the client
/// pages, of a signed-in user, read with GET. Such a response carries <see cref="CacheKeyHeader"/>, a key of the user the
/// worker names its page cache after, so a page kept for one user is never shown to another. Admin, account and API
/// pages never carry it, and the worker keeps nothing that lacks it.
/// </summary>
public static partial class OfflinePages
{
    public const string CacheKeyHeader = "X-Lybunt-Cache-Key";

    public static bool MayKeep(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method)
        && http.User.Identity?.IsAuthenticated == true
        && (http.Request.Path.Equals("/Today", StringComparison.OrdinalIgnoreCase)
            || ClientPage().IsMatch(http.Request.Path.Value ?? ""));

    /// <summary>A key of the user that says nothing about them: the start of a SHA-256 of their id.</summary>
    public static string CacheKeyOf(ClaimsPrincipal user) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("lybunt-offline:" + user.Id())))[..32];

    /// <summary>Marks the pages the worker may keep; after authentication, so the user is known.</summary>
    public static IApplicationBuilder UseOfflinePages(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (MayKeep(context))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status200OK)
                    context.Response.Headers[CacheKeyHeader] = CacheKeyOf(context.User);
                return Task.CompletedTask;
            });
        }
        await next();
    });

    [GeneratedRegex("^/Clients/[0-9]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClientPage();
}
