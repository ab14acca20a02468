using System.Text.RegularExpressions;

namespace LybuntCrm.Web.Domain;

/// <summary>
/// A Telegram username as people paste it: "@mai_tran", "t.me/mai_tran" or "https://t.me/mai_tran" all mean "mai_tran",
/// the form kept and put in links. Telegram's rule: 5 to 32 letters, digits or underscores, starting with a letter.
/// </summary>
public static partial class TelegramUsernames
{
    public static bool TryNormalize(string? input, out string username)
    {
        username = "";
        if (string.IsNullOrWhiteSpace(input)) return false;
        var text = input.Trim();
        foreach (var prefix in (string[])["https://", "http://"])
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) text = text[prefix.Length..];
        foreach (var host in (string[])["www.t.me/", "t.me/", "telegram.me/"])
            if (text.StartsWith(host, StringComparison.OrdinalIgnoreCase)) text = text[host.Length..];
        text = text.TrimEnd('/');
        if (text.StartsWith('@')) text = text[1..];
        if (!Valid().IsMatch(text)) return false;
        username = text;
        return true;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{4,31}$")]
    private static partial Regex Valid();
}
