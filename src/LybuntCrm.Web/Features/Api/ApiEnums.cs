namespace LybuntCrm.Web.Features.Api;

/// <summary>Enum fields in the API are their names (any case), never numbers, so a script reads as it writes.</summary>
public static class ApiEnums
{
    /// <summary>The value named by <paramref name="text"/>, the default when it is left out, or an error for the field.</summary>
    public static T Parse<T>(string? text, T fallback, string field, string message, ApiFieldErrors errors) where T : struct, Enum
    {
        if (text is null) return fallback;
        if (!int.TryParse(text, out _) && Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        errors.Add(field, message);
        return fallback;
    }
}
