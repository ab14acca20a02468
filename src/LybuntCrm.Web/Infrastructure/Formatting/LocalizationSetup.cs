using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

public static class LocalizationSetup
{
    /// <summary>The strings under Resources/ and the cultures a request may use (the signed-in user's first).</summary>
    public static IServiceCollection AddCrmLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, CachedStringLocalizerFactory>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            // Persian with the Gregorian calendar: Solar Hijri is a display choice (DisplayFormat), never what forms parse.
            o.SupportedCultures = CultureScope.All;
            o.SupportedUICultures = CultureScope.All;
            o.DefaultRequestCulture = new RequestCulture(CultureScope.Resolve("en"));
            o.RequestCultureProviders.Insert(0, new UserCultureProvider());
        });
        return services;
    }
}
