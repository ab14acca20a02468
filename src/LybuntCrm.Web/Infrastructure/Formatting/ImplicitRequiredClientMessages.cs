using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// A value that is always required (an enum, a bool, a number) without a <c>[Required]</c> of its own: MVC writes an
/// English "The … field is required." into its client-side validation attributes. This provider, placed first, gives it
/// the translated message instead; server-side validation is unchanged.
/// </summary>
public sealed class ImplicitRequiredClientMessages(IValidationAttributeAdapterProvider adapters, IStringLocalizerFactory localizers)
    : IClientModelValidatorProvider
{
    private readonly IStringLocalizer _t = localizers.Create(typeof(SharedResource));

    public void CreateValidators(ClientValidatorProviderContext context)
    {
        if (!context.ModelMetadata.IsRequired) return;
        if (context.Results.Any(r => r.ValidatorMetadata is RequiredAttribute || r.Validator is RequiredAttributeAdapter)) return;
        context.Results.Add(new ClientValidatorItem
        {
            Validator = adapters.GetAttributeAdapter(new RequiredAttribute { ErrorMessage = DefaultValidationMessages.Required }, _t),
            IsReusable = true,
        });
    }
}
