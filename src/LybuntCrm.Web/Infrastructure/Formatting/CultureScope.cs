using System.Globalization;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Runs code in another person's language, e.g. to write an email in the recipient's language from a job:
/// <code>
/// using (CultureScope.Use(user.Culture))
/// {
///     var subject = t[SubjectKey, format.Date(today)].Value; // t: IStringLocalizer&lt;SharedResource&gt;
/// }
/// </code>
/// Sets CurrentCulture and CurrentUICulture (IStringLocalizer reads CurrentUICulture) and restores both on dispose.
/// Unknown or empty cultures fall back to English. Persian uses the Gregorian calendar here as everywhere;
/// use <see cref="DisplayFormat.For"/> for dates in the reader's calendar.
/// </summary>
public sealed class CultureScope : IDisposable
{
    /// <summary>The languages the app speaks, in the order the switcher shows them.</summary>
    public static readonly IReadOnlyList<string> Supported = ["en", "vi", "fa"];

    /// <summary>Each language's own name, for the switcher.</summary>
    public static readonly IReadOnlyDictionary<string, string> NativeNames = new Dictionary<string, string>
    {
        ["en"] = "English",
        ["vi"] = "Tiếng Việt",
        ["fa"] = "فارسی",
    };

    private static readonly Dictionary<string, CultureInfo> Cultures = Supported.ToDictionary(c => c, Create);

    private readonly CultureInfo _culture;
    private readonly CultureInfo _uiCulture;

    private CultureScope(CultureInfo culture)
    {
        _culture = CultureInfo.CurrentCulture;
        _uiCulture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static CultureScope Use(string? culture) => new(Resolve(culture));

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }

    /// <summary>"rtl" for Persian, else "ltr": for <c>&lt;html dir&gt;</c> or an email's body.</summary>
    public static string Direction(string? culture) => Resolve(culture).TextInfo.IsRightToLeft ? "rtl" : "ltr";

    /// <summary>True for "en", "vi" and "fa" (any case).</summary>
    public static bool IsSupported(string? culture) => culture is not null && Cultures.ContainsKey(culture.ToLowerInvariant());

    /// <summary>The app's CultureInfo for a language; English when it is not one the app speaks.</summary>
    public static CultureInfo Resolve(string? culture) =>
        culture is not null && Cultures.TryGetValue(culture.ToLowerInvariant(), out var c) ? c : Cultures["en"];

    /// <summary>The cultures for request localization: Persian with the Gregorian calendar, so dates in forms,
    /// URLs and model binding stay Gregorian (Solar Hijri is a display choice, see <see cref="DisplayFormat"/>).</summary>
    public static IList<CultureInfo> All => Supported.Select(c => Cultures[c]).ToList();

    private static CultureInfo Create(string name)
    {
        var culture = new CultureInfo(name);
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar)
            culture.DateTimeFormat.Calendar = new GregorianCalendar();
        return CultureInfo.ReadOnly(culture);
    }
}
