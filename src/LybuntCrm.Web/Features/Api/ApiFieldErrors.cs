using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Api;

/// <summary>
/// The field errors of one request, named as the JSON fields are (camelCase) and worded as the forms word them, in the
/// token user's language.
/// </summary>
public sealed class ApiFieldErrors(IStringLocalizer<SharedResource> t)
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Adds a message about a form property (or a JSON field); the same message is kept once.</summary>
    public void Add(string field, string message)
    {
        var name = JsonNamingPolicy.CamelCase.ConvertName(field);
        if (!_errors.TryGetValue(name, out var messages)) _errors[name] = messages = [];
        if (!messages.Contains(message)) messages.Add(message);
    }

    /// <summary>The checks written as attributes on a form's input (required, lengths, ranges), as the form's model binding runs them.</summary>
    public void CheckAttributes(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        foreach (var result in results)
            foreach (var member in result.MemberNames)
                Add(member, t[result.ErrorMessage!]);
    }

    public IResult ToProblem() => ApiProblems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
