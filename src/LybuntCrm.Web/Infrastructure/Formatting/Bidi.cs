using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Keeps text of one direction from reordering the text around it (a Persian name in an English sentence, a phone number
/// on a Persian page). Views: <c>@Bidi.Name(row.OwnerName)</c> for names and other mixed text (an isolated
/// <c>&lt;bdi&gt;</c>), <c>@Bidi.Ltr(contact.Phone)</c> for phones, emails and URLs (always left to right), and
/// <c>@Bidi.Sentence(T["Owner: {0}"], Bidi.Name(name))</c> for a translated sentence built around a name. The text is
/// HTML-encoded when the page is written.
/// </summary>
public static partial class Bidi
{
    /// <summary>First strong isolate … pop directional isolate: the plain-text form of &lt;bdi&gt;, for attributes and titles.</summary>
    public static string Isolate(string? text) => string.IsNullOrEmpty(text) ? "" : "\u2068" + text + "\u2069";

    /// <summary>User-written text (a name, a label) isolated in a &lt;bdi&gt;: its direction comes from its own first letter.</summary>
    public static IHtmlContent Name(string? text) => Wrap("<bdi>", text, "</bdi>");

    /// <summary>A phone number, email or URL: isolated and left to right on every page ("+44 20 5717 7591", not "7591 5717 20 44+").</summary>
    public static IHtmlContent Ltr(string? text) => Wrap("<span dir=\"ltr\">", text, "</span>");

    /// <summary>
    /// A translated sentence whose placeholders hold HTML (say, <see cref="Name"/>): the sentence is encoded, the
    /// placeholders are written as they are, and other values are encoded.
    /// </summary>
    public static IHtmlContent Sentence(LocalizedString template, params object?[] args)
    {
        var builder = new HtmlContentBuilder();
        var text = template.Value;
        var at = 0;
        foreach (Match m in Placeholder().Matches(text))
        {
            builder.Append(text[at..m.Index]);
            at = m.Index + m.Length;
            if (m.Value == "{{") { builder.Append("{"); continue; }
            if (m.Value == "}}") { builder.Append("}"); continue; }
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            switch (index < args.Length ? args[index] : null)
            {
                case IHtmlContent html: builder.AppendHtml(html); break;
                case null: break;
                case var value: builder.Append(Convert.ToString(value, CultureInfo.CurrentCulture)); break;
            }
        }
        builder.Append(text[at..]);
        return builder;
    }

    private static IHtmlContent Wrap(string open, string? text, string close)
    {
        var builder = new HtmlContentBuilder(3);
        if (string.IsNullOrEmpty(text)) return builder;
        return builder.AppendHtml(open).Append(text).AppendHtml(close);
    }

    [GeneratedRegex(@"\{(\d+)\}|\{\{|\}\}")]
    private static partial Regex Placeholder();
}
