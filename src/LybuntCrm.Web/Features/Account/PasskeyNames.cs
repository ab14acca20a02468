namespace LybuntCrm.Web.Features.Account;

/// <summary>
/// The name a new passkey gets until its owner gives it one: the browser and system it was made on ("Chrome/Linux"),
/// read from the User-Agent header, so that two passkeys can be told apart on the list.
/// </summary>
public static class PasskeyNames
{
    public const int MaxLength = 100;

    public static string Device(string? userAgent)
    {
        var ua = userAgent ?? "";
        var browser = Contains(ua, "Edg/") ? "Edge"
            : Contains(ua, "OPR/") ? "Opera"
            : Contains(ua, "Firefox/") || Contains(ua, "FxiOS/") ? "Firefox"
            : Contains(ua, "CriOS/") || Contains(ua, "Chrome/") || Contains(ua, "Chromium/") ? "Chrome"
            : Contains(ua, "Safari/") ? "Safari"
            : null;
        var system = Contains(ua, "Android") ? "Android"
            : Contains(ua, "iPhone") || Contains(ua, "iPad") ? "iOS"
            : Contains(ua, "CrOS") ? "ChromeOS"
            : Contains(ua, "Windows") ? "Windows"
            : Contains(ua, "Mac OS X") || Contains(ua, "Macintosh") ? "macOS"
            : Contains(ua, "Linux") ? "Linux"
            : null;
        return (browser, system) switch
        {
            (null, null) => "",
            (null, _) => system!,
            (_, null) => browser,
            _ => browser + "/" + system,
        };
    }

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
