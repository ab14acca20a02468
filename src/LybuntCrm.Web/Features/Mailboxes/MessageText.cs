using System.Text;
using LybuntCrm.Web.Infrastructure;
using MimeKit;
using MimeKit.Text;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>The start of a message's text as plain text: HTML is reduced to its words (scripts and styles dropped), never kept as markup.</summary>
public static class MessageText
{
    public const int MaxLength = 500;

    public static string? Snippet(TextPart? part) => PlainText(part) is { } text ? Shorten(text) : null;

    /// <summary>The part's text, HTML reduced to its words; null when it cannot be decoded.</summary>
    public static string? PlainText(TextPart? part)
    {
        if (part is null) return null;
        try
        {
            return part.IsHtml ? HtmlToText(part.Text ?? "") : part.Text ?? "";
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The text on one line, without control or bidi characters, cut to <see cref="MaxLength"/> characters.</summary>
    public static string? Shorten(string text)
    {
        string? cleaned;
        try
        {
            cleaned = TextInput.Clean(text);
        }
        catch (ArgumentException)
        {
            // Broken surrogates from a bad encoding cannot be normalized: keep what is printable.
            cleaned = TextInput.Clean(new string(text.Where(ch => !char.IsSurrogate(ch)).ToArray()));
        }
        if (cleaned is null) return null;
        var words = string.Join(' ', cleaned.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return words.Length > MaxLength ? words[..MaxLength].TrimEnd() : words;
    }

    public static string HtmlToText(string html)
    {
        var text = new StringBuilder();
        var skipping = 0;
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        while (tokenizer.ReadNextToken(out var token) && text.Length < MaxLength * 4)
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title:
                    if (tag.IsEndTag) skipping = Math.Max(0, skipping - 1);
                    else if (!tag.IsEmptyElement) skipping++;
                    break;
                case HtmlTagToken:
                    text.Append(' ');
                    break;
                case HtmlDataToken data when skipping == 0:
                    text.Append(data.Data);
                    break;
            }
        }
        return text.ToString();
    }
}
