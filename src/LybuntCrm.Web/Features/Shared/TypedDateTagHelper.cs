using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LybuntCrm.Web.Features.Shared;

/// <summary>
/// Keeps what was typed in a date field that could not be read ("31/02/2026"): a date input would show such a value as an
/// empty field (or the form's default date), so the field comes back as a text field holding the typed text, next to the
/// message that says why. Every <c>input type="date"</c> of every form goes through here.
/// </summary>
[HtmlTargetElement("input", Attributes = "[type=date]")]
public sealed class TypedDateTagHelper : TagHelper
{
    // After the input tag helper, which writes the value from the model.
    public override int Order => 1000;

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes["name"]?.Value?.ToString() is not { Length: > 0 } name) return;
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;
        if (entry.AttemptedValue is not { Length: > 0 } typed || IsIsoDate(typed)) return;
        output.Attributes.SetAttribute("type", "text");
        output.Attributes.SetAttribute("value", typed);
        output.Attributes.SetAttribute("aria-invalid", "true");
        output.Attributes.SetAttribute("placeholder", "yyyy-mm-dd");
        output.Attributes.RemoveAll("min");
        output.Attributes.RemoveAll("max");
    }

    private static bool IsIsoDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
