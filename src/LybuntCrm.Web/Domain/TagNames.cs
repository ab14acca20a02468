using LybuntCrm.Web.Infrastructure;

namespace LybuntCrm.Web.Domain;

/// <summary>How a tag name typed by someone is cleaned for display and folded for uniqueness.</summary>
public static class TagNames
{
    /// <summary>The name as shown: trimmed, inner runs of spaces made one; null when nothing is left.</summary>
    public static string? Clean(string? name)
    {
        var cleaned = TextInput.Clean(name);
        if (string.IsNullOrWhiteSpace(cleaned)) return null;
        return string.Join(' ', cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// The key two names share when they are one tag: folded as search folds text, so case and Vietnamese diacritics
    /// (and Arabic/Persian letter forms) do not make a second tag.
    /// </summary>
    public static string Normalize(string name) => SearchText.Fold(name);

    public static bool IsValid(string? cleaned) => cleaned is { Length: > 0 and <= Tag.MaxLength } && Normalize(cleaned).Length > 0;
}
