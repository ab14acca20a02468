using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// The messages model binding writes when a posted value cannot be read ("The value “31/02/2026” is not valid for
/// Date.") in the reader's language. Field names are display names (translated by DataAnnotations localization) or
/// property names, translated when they are a key.
/// </summary>
public sealed class LocalizedBindingMessages(IStringLocalizerFactory factory) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var t = factory.Create(typeof(SharedResource));
        string Field(string name) => t[name];
        var m = options.ModelBindingMessageProvider;
        m.SetAttemptedValueIsInvalidAccessor((value, field) => t["The value “{0}” is not valid for {1}.", value, Field(field)]);
        m.SetMissingBindRequiredValueAccessor(field => t["A value for {0} is missing.", Field(field)]);
        m.SetMissingKeyOrValueAccessor(() => t["A value is required."]);
        m.SetMissingRequestBodyRequiredValueAccessor(() => t["The request has no content."]);
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => t["The value “{0}” is not valid.", value]);
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["The value is not valid."]);
        m.SetNonPropertyValueMustBeANumberAccessor(() => t["Enter a number."]);
        m.SetUnknownValueIsInvalidAccessor(field => t["The value for {0} is not valid.", Field(field)]);
        m.SetValueIsInvalidAccessor(value => t["The value “{0}” is not valid.", value]);
        m.SetValueMustBeANumberAccessor(field => t["{0} must be a number.", Field(field)]);
        m.SetValueMustNotBeNullAccessor(_ => t["A value is required."]);
    }
}
