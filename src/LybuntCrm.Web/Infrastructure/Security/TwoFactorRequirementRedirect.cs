using LybuntCrm.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LybuntCrm.Web.Infrastructure.Security;

/// <summary>
/// Leads a signed-in user whom the admin setting obliges to use two-factor sign-in, and who has not set it up, to the
/// set-up page. Until it is done they may reach only that page, sign-out and the language switch (static files are served
/// before this point); afterwards they go on to the page they asked for.
/// </summary>
public static class TwoFactorRequirementRedirect
{
    public const string SetUpPath = "/Account/TwoFactor";
    private static readonly string[] Allowed = [SetUpPath, "/Account/Logout", "/Account/Language", "/health"];

    public static IApplicationBuilder UseTwoFactorRequirement(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            var policy = context.RequestServices.GetRequiredService<TwoFactorPolicy>();
            // The setting is cached, so a user it does not apply to costs no query; one it applies to costs one small one,
            // which also means an admin's reset takes effect on the very next request.
            if (policy.AppliesTo(context.User) && !await HasTwoFactorAsync(context))
            {
                var request = context.Request;
                var returnTo = HttpMethods.IsGet(request.Method) ? request.PathBase + request.Path + request.QueryString : "/";
                context.Response.Redirect($"{request.PathBase}{SetUpPath}?returnUrl={Uri.EscapeDataString(returnTo)}");
                return;
            }
        }
        await next();
    });

    private static async Task<bool> HasTwoFactorAsync(HttpContext context)
    {
        // A passkey sign-in is already two factors (the device and its fingerprint or PIN): Identity marks it "amr=mfa".
        if (context.User.HasClaim("amr", "mfa")) return true;
        var id = context.User.Id();
        var db = context.RequestServices.GetRequiredService<CrmDbContext>();
        return await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(context.RequestAborted);
    }
}
