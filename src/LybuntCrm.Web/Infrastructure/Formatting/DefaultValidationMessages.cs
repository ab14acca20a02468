using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Gives a <c>[Required]</c> without its own message (including the one MVC adds to non-nullable reference properties) an
/// English message that is a resource key, so DataAnnotations localization shows "The {0} field is required." translated.
/// (Required values without any <c>[Required]</c>, such as an enum, get their client-side message from
/// <see cref="ImplicitRequiredClientMessages"/>.)
/// </summary>
public sealed class DefaultValidationMessages : IValidationMetadataProvider
{
    public const string Required = "The {0} field is required.";

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        foreach (var required in context.ValidationMetadata.ValidatorMetadata.OfType<RequiredAttribute>())
        {
            if (required.ErrorMessage is null && required.ErrorMessageResourceName is null) required.ErrorMessage = Required;
        }
    }
}
