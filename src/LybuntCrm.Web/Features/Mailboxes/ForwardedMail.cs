using System.Text.RegularExpressions;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Features.Mailboxes;

/// <summary>
/// Finds who wrote a message that a manager forwarded in its text (the way Gmail, Outlook, Apple Mail and Thunderbird
/// forward by default): the address on the first "From:" line of the quoted header block, in the languages our users write.
/// </summary>
public static partial class ForwardedMail
{
    public static string? SenderOf(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        foreach (Match line in FromLine().Matches(text))
        {
            if (EmailAddresses.Normalize(AddressIn().Match(line.Groups["rest"].Value).Value) is { } address) return address;
        }
        return null;
    }

    // "From:", "De :", "Von:", "Từ:", "از:" at the start of a line, possibly quoted ("> From:") or bold ("*From:*").
    [GeneratedRegex(@"^[ \t>*]*(?:From|De|Von|Van|Da|Từ|Tu|Người gửi|از|فرستنده)[ \t*]*:[ \t*]*(?<rest>.*)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]+@[^\s<>""'(),;:\[\]]+")]
    private static partial Regex AddressIn();
}
