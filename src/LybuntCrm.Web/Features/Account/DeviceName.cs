using UAParser;

namespace LybuntCrm.Web.Features.Account;

/// <summary>A browser's User-Agent in a few words, such as "Chrome on Windows", read with the ua-parser rules.</summary>
public static class DeviceName
{
    private const string Unknown = "Other";
    private static readonly Lazy<Parser> Rules = new(() => Parser.GetDefault());

    /// <summary>The browser and the operating system; either is null when the User-Agent does not say.</summary>
    public static (string? Browser, string? System) Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return (null, null);
        var client = Rules.Value.Parse(userAgent);
        var browser = client.UA.Family is { Length: > 0 } b && b != Unknown ? b : null;
        var system = client.OS.Family is { Length: > 0 } s && s != Unknown ? s : null;
        return (browser, system);
    }
}
