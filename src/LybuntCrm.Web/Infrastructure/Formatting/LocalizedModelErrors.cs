using System.Globalization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Translates model errors added in English after a page handler ran, e.g.
/// <c>ModelState.AddModelError("Input.Name", "Choose a time zone from the list.")</c> or messages returned by a service:
/// when the English text is a key of SharedResource, the reader sees it in their language. Messages already translated
/// (DataAnnotations) or without a key are left alone.
/// </summary>
public sealed class LocalizedModelErrorsFilter(IStringLocalizer<SharedResource> t) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        await next();
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en") return;
        foreach (var entry in context.ModelState.Values)
        {
            for (var i = 0; i < entry.Errors.Count; i++)
            {
                var error = entry.Errors[i];
                if (string.IsNullOrEmpty(error.ErrorMessage)) continue;
                var translated = t[error.ErrorMessage];
                if (!translated.ResourceNotFound && translated.Value != error.ErrorMessage)
                    entry.Errors[i] = new ModelError(translated.Value);
            }
        }
    }
}

/// <summary>
/// Binds posted form values with the invariant culture, as browsers send them: <c>input type=number</c> always posts
/// "1234.5" and <c>type=date</c> "2026-06-15", whatever the page's language. With the request culture, Vietnamese
/// would read "1234.5" as 12345 and Persian would reject it.
/// </summary>
public sealed class InvariantFormValueProviderFactory : IValueProviderFactory
{
    public async Task CreateValueProviderAsync(ValueProviderFactoryContext context)
    {
        var request = context.ActionContext.HttpContext.Request;
        if (!request.HasFormContentType) return;
        try
        {
            var form = await request.ReadFormAsync(context.ActionContext.HttpContext.RequestAborted);
            context.ValueProviders.Add(new FormValueProvider(BindingSource.Form, form, CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new ValueProviderException("The posted form could not be read.", e);
        }
    }
}
