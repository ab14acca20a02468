using LybuntCrm.Web.Infrastructure;
using LybuntCrm.Web.Infrastructure.Formatting;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// The token user's language (from their profile) for what an endpoint writes, field errors above all. The request's
/// localization runs before a token is read, so the endpoint sets it once the token has named its user.
/// </summary>
public static class ApiCulture
{
    public static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var culture = context.HttpContext.User.FindFirst(UserCultureProvider.ClaimType)?.Value;
        if (culture is null) return await next(context);
        using (CultureScope.Use(culture)) return await next(context);
    }
}
