using System.Text.Encodings.Web;
using System.Text.Unicode;
using LybuntCrm.Web.Infrastructure.Formatting;
using LybuntCrm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Infrastructure;

public static class PagesSetup
{
    /// <summary>The page folders only administrators may open (the job dashboard lives under /Admin too).</summary>
    public static readonly IReadOnlyList<string> AdminFolders = ["/Admin", "/Import"];

    /// <summary>Razor Pages under Features/: who may open which folder, localized views and messages, antiforgery on every form, UTF-8 text.</summary>
    public static IServiceCollection AddCrmPages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                foreach (var folder in AdminFolders) o.Conventions.AuthorizeFolder(folder, Policies.Admin);
                o.Conventions.AllowAnonymousToPage("/Account/Login");
                o.Conventions.AllowAnonymousToPage("/Account/Setup");
                o.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
                o.Conventions.AllowAnonymousToPage("/Error");
                o.Conventions.AllowAnonymousToPage("/StatusCode");
                o.Conventions.AllowAnonymousToPage("/Account/Language");
                o.Conventions.AllowAnonymousToPage("/Account/ForgotPassword");
                o.Conventions.AllowAnonymousToPage("/Account/ResetPassword");
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)))
            .AddMvcOptions(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.Filters.Add<LocalizedModelErrorsFilter>();
                o.ModelMetadataDetailsProviders.Add(new DefaultValidationMessages());
                var form = o.ValueProviderFactories.OfType<FormValueProviderFactory>().Single();
                o.ValueProviderFactories[o.ValueProviderFactories.IndexOf(form)] = new InvariantFormValueProviderFactory();
            });
        services.AddSingleton<IConfigureOptions<MvcOptions>, LocalizedBindingMessages>();
        services.AddOptions<MvcViewOptions>().Configure<IValidationAttributeAdapterProvider, IStringLocalizerFactory>((o, adapters, localizers) =>
            o.ClientModelValidatorProviders.Insert(0, new ImplicitRequiredClientMessages(adapters, localizers)));
        // Pages are UTF-8: Vietnamese and Persian letters are written as themselves, not as "&#x6A9;" entities:
        // the Persian Today page went from 124,229 to 98,700 bytes (docs/benchmarks.md).
        // Markup characters (< > & ' ") are still encoded in every value a view writes.
        services.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        return services;
    }
}
