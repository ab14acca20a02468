using System.Net;
using System.Text;

namespace LybuntCrm.Web.Features.Messages;

/// <summary>
/// The HTML of a message a manager writes: the text, every character encoded, blank lines as paragraphs and line breaks
/// kept, right to left for Persian. Nothing a template or a manager types can become markup.
/// </summary>
public static class MessageHtml
{
    public static string FromText(string text, string language)
    {
        var rtl = language == "fa";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(WebUtility.HtmlEncode(language)).Append("\" dir=\"").Append(rtl ? "rtl" : "ltr")
            .Append("\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:Segoe UI,Tahoma,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2937\">");
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>");
            html.AppendJoin("<br>", paragraph.Split('\n').Select(WebUtility.HtmlEncode));
            html.Append("</p>");
        }
        return html.Append("</body></html>").ToString();
    }
}
