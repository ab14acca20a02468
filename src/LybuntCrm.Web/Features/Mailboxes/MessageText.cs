using System.Text;
using LybuntCrm.Web.Infrastructure;
using MimeKit;
using MimeKit.Text;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>The start of a message's text as plain text: HTML is reduced to its words (scripts and styles dropped), never kept as markup.</summary>
public static class MessageText
{
    public const int MaxLength = 500;

    public static string? Snippet(TextPart? part)
    {
        if (part is null) return null;
        string text;
        try
        {
            text = part.IsHtml ? HtmlToText(part.Text ?? "") : part.Text ?? "";
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return Shorten(text);
    }

    public static string? Shorten(string text)
    {
        var words = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (words.Length > MaxLength) words = words[..MaxLength].TrimEnd();
        try
        {
            return TextInput.Clean(words);
        }
        catch (ArgumentException)
        {
            return TextInput.Clean(new string(words.Where(ch => !char.IsSurrogate(ch)).ToArray()));
        }
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
