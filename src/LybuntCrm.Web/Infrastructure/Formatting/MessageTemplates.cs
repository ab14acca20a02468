using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// English sentence templates for messages that are stored or printed in English (import issues, the outbox's errors) and
/// shown on pages in the reader's language: <see cref="Localize"/> finds the template a stored message was made from and
/// translates it with its values. A text made from no template (an older one, or a server's own words) is shown as it is.
/// </summary>
public sealed partial class MessageTemplates
{
    private readonly List<(string Template, Regex Pattern)> _patterns = [];

    /// <summary>Adds a template (an English resource key) and returns it.</summary>
    public string Add(string template)
    {
        _patterns.Add((template, new Regex("^" + Placeholder().Replace(Regex.Escape(template), "(.*)") + "$", RegexOptions.Singleline)));
        return template;
    }

    /// <summary>The English sentence: the template with its values.</summary>
    public static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);

    /// <summary>
    /// A stored English message in the reader's language: whole numbers in the reader's digits, and a value that is itself a
    /// message of this set ("Gave up after 5 attempts: {the last error}") translated in turn.
    /// </summary>
    public string Localize(string? message, IStringLocalizer t, DisplayFormat f)
    {
        if (string.IsNullOrEmpty(message)) return message ?? "";
        foreach (var (template, pattern) in _patterns)
        {
            var match = pattern.Match(message);
            if (!match.Success) continue;
            var values = match.Groups.Cast<Group>().Skip(1)
                .Select(g => (object)(int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? f.Number(n)
                    : g.Value.Length < message.Length ? Localize(g.Value, t, f) : g.Value))
                .ToArray();
            return t[template, values];
        }
        return message;
    }

    [GeneratedRegex(@"\\\{\d+}")]
    private static partial Regex Placeholder();
}
