using System.Globalization;
using System.Security.Claims;
using LybuntCrm.Web.Domain;

namespace LybuntCrm.Web.Infrastructure.Formatting;

/// <summary>
/// Shows dates, money and numbers the way the reader expects, in the current (UI) culture.
/// <para>
/// Views get it as <c>F</c> (injected in <c>_ViewImports</c>): <c>@F.Date(row.DueOn)</c>, <c>@F.Money(row.Total, "EUR")</c>,
/// <c>@F.Number(row.Count)</c>, <c>@F.DateTime(evt.AtUtc)</c>. In C# inject <see cref="DisplayFormat"/>; outside a request
/// (emails, jobs) use <c>DisplayFormat.For(user.Culture, user.UseSolarHijri)</c>.
/// </para>
/// <para>
/// Persian readers who chose the Solar Hijri calendar (<see cref="AppUser.UseSolarHijri"/>, kept as the
/// <see cref="CalendarClaim"/> claim) see Solar Hijri dates; everyone else sees Gregorian dates. Persian text gets Persian
/// digits. Only the display changes: stored dates, form values (<c>input type=date</c>) and URLs stay ISO/Gregorian.
/// </para>
/// </summary>
public sealed class DisplayFormat
{
    public const string CalendarClaim = "lybunt:calendar";
    public const string SolarHijri = "solar-hijri";

    private readonly CultureInfo _culture;
    private readonly bool _persianDigits;
    // Read only when a total is shown: most pages show none.
    private readonly Lazy<string?> _houseCurrency;
    private readonly Lazy<string> _phoneRegion;

    public DisplayFormat(IHttpContextAccessor http, HouseCurrency houseCurrency, PhoneRegion phoneRegion)
        : this(CultureInfo.CurrentCulture, http.HttpContext?.User.FindFirstValue(CalendarClaim) == SolarHijri, () => houseCurrency.Code,
            () => phoneRegion.Code)
    { }

    private DisplayFormat(CultureInfo culture, bool solarHijri, Func<string?>? houseCurrency = null, Func<string>? phoneRegion = null)
    {
        _houseCurrency = new Lazy<string?>(houseCurrency ?? (() => null));
        _phoneRegion = new Lazy<string>(phoneRegion ?? (() => Phones.DefaultRegion));
        var c = (CultureInfo)culture.Clone();
        // "fa" defaults to the Persian calendar in .NET; the app uses it only when the reader asked for it.
        c.DateTimeFormat.Calendar = UsesSolarHijri(culture, solarHijri) ? new PersianCalendar() : new GregorianCalendar();
        _culture = c;
        _persianDigits = culture.TwoLetterISOLanguageName == "fa";
        SolarHijriDates = UsesSolarHijri(culture, solarHijri);
    }

    /// <summary>For emails and jobs: the formats of a given culture ("en", "vi", "fa") and calendar choice, and the firm's
    /// currency for totals (<see cref="HouseCurrency"/>).</summary>
    public static DisplayFormat For(string? culture, bool solarHijri = false, string? houseCurrency = null, string? phoneRegion = null) =>
        new(CultureScope.Resolve(culture), solarHijri, () => houseCurrency, () => PhoneRegion.Read(phoneRegion));

    /// <summary>
    /// A stored phone number in the national format of the firm's region ("090 123 45 67"), internationally when it is from
    /// elsewhere ("+98 912 345 6789"); text that is not a number as it is. Latin digits, as a dialler shows them.
    /// </summary>
    public string Phone(string? stored) => Phones.Display(stored, _phoneRegion.Value);

    /// <summary>True when dates come out in the Solar Hijri calendar (Persian readers who chose it).</summary>
    public bool SolarHijriDates { get; }

    /// <summary>
    /// What separates the items of a line ("15 Jun 2026 · An Nguyễn"): a middle dot, but a Persian comma in Persian, where a
    /// middle dot beside Persian digits reads as a zero (۰).
    /// </summary>
    public string Separator => _persianDigits ? "، " : " · ";

    /// <summary>A business date: "15 Jun 2026", "15 thg 6, 2026", "۲۵ خرداد ۱۴۰۵".</summary>
    public string Date(DateOnly date) => Day(date, DatePattern);

    public string Date(DateOnly? date) => date is { } d ? Date(d) : "—";

    /// <summary>The (UTC) date of a moment: "15 Jun 2026".</summary>
    public string Date(DateTime utc) => Date(DateOnly.FromDateTime(utc));

    /// <summary>A date with its weekday: "Monday 15 Jun 2026", "Thứ Hai, 15 thg 6, 2026", "دوشنبه ۲۵ خرداد ۱۴۰۵".</summary>
    public string LongDate(DateOnly date) => Day(date, LongDatePattern);

    /// <summary>Day and month without the year, for dates near today: "15 Jun", "15 thg 6", "۲۵ خرداد".</summary>
    public string DayMonth(DateOnly date) => Day(date, DayMonthPattern);

    /// <summary>
    /// Day and month for a date near today (the reader's current year, in their calendar, and within half a year), else
    /// the full date: "8 Jan" read in December would mean next January.
    /// </summary>
    public string DayMonth(DateOnly date, DateOnly today) => IsNear(date, today) ? DayMonth(date) : Date(date);

    /// <summary>Weekday, day and month for a date near today, else the full date with its weekday.</summary>
    public string WeekdayDayMonth(DateOnly date, DateOnly today) => IsNear(date, today) ? WeekdayDayMonth(date) : LongDate(date);

    private bool IsNear(DateOnly date, DateOnly today) =>
        Math.Abs(date.DayNumber - today.DayNumber) <= 182
        && _culture.Calendar.GetYear(date.ToDateTime(TimeOnly.MinValue)) == _culture.Calendar.GetYear(today.ToDateTime(TimeOnly.MinValue));

    /// <summary>Day and month written out, for yearly dates in a sentence: "19 June", "19 tháng 6", "۲۹ خرداد".</summary>
    public string DayFullMonth(DateOnly date) => Day(date, DayFullMonthPattern);

    /// <summary>Weekday, day and month, for the days ahead: "Mon 15 Jun", "T2, 15 thg 6", "دوشنبه ۲۵ خرداد".</summary>
    public string WeekdayDayMonth(DateOnly date) => Day(date, WeekdayDayMonthPattern);

    /// <summary>The full weekday and day of the month: "Monday 15 June", "Thứ Hai, 15 tháng 6", "دوشنبه ۲۵ خرداد".</summary>
    public string WeekdayDate(DateOnly date) => Day(date, WeekdayDatePattern);

    /// <summary>A short numeric date for dense tables: "2026-06-15" (Gregorian) or "۱۴۰۵/۰۳/۲۵" (Solar Hijri).</summary>
    public string ShortDate(DateOnly date) =>
        Day(date, SolarHijriDates ? "yyyy/MM/dd" : "yyyy-MM-dd");

    /// <summary>A moment in UTC shown as date and time (still UTC: say so in the column header).</summary>
    public string DateTime(DateTime utc) => Digits(utc.ToString(SolarHijriDates ? "yyyy/MM/dd HH:mm" : "yyyy-MM-dd HH:mm", _culture));

    /// <summary>The time of day of a moment in UTC: "09:30" ("۰۹:۳۰").</summary>
    public string Time(DateTime utc) => Digits(utc.ToString("HH:mm", _culture));

    /// <summary>A time of day: "02:15" ("۰۲:۱۵").</summary>
    public string TimeOfDay(int hour, int minute) =>
        Digits(hour.ToString("00", CultureInfo.InvariantCulture) + ":" + minute.ToString("00", CultureInfo.InvariantCulture));

    /// <summary>The name of a day of the week: "Monday", "Thứ Hai", "دوشنبه".</summary>
    public string DayName(DayOfWeek day) => _culture.DateTimeFormat.GetDayName(day);

    /// <summary>A whole hour of the day: "07:00" ("۰۷:۰۰").</summary>
    public string Hour(int hour) => Digits(hour.ToString("00", CultureInfo.InvariantCulture) + ":00");

    /// <summary>A fiscal year as its label: "2025", "2025/26" ("۲۰۲۵/۲۶"). Fiscal years stay Gregorian in every calendar.</summary>
    public string FiscalYear(Domain.FiscalYear year) => Digits(year.ToString());

    /// <summary>An identifier or count shown as digits only, without group separators: "Client #1234" ("۱۲۳۴").</summary>
    public string Id(long value) => Digits(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A whole number with the culture's group separator: "1,234", "1.234", "۱٬۲۳۴".</summary>
    public string Number(int value) => Digits(value.ToString("N0", _culture));

    public string Number(long value) => Digits(value.ToString("N0", _culture));

    /// <summary>A decimal number with up to <paramref name="decimals"/> places: "12.5".</summary>
    public string Number(decimal value, int decimals = 2) => Digits(value.ToString("#,0." + new string('#', decimals), _culture));

    /// <summary>A total over purchases, in the firm's currency when one is set ("₫1.234", "$1,234.50"), else a plain number
    /// ("1,234.50", "1.234,50", "۱٬۲۳۴٫۵۰"); <paramref name="decimals"/> places, fewer for a currency that has none.</summary>
    public string Amount(decimal value, int decimals = 2)
    {
        if (_houseCurrency.Value is not { Length: > 0 } code)
            return Digits(value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), _culture));
        var nf = CurrencyFormat(code);
        nf.CurrencyDecimalDigits = Math.Min(decimals, nf.CurrencyDecimalDigits);
        return Digits(value.ToString("C", nf));
    }

    /// <summary>A rounded amount for chart axes: "950", "1.5k", "2M" (the decimal separator follows the culture).</summary>
    public string Compact(decimal value) => Digits(value switch
    {
        >= 1_000_000_000 => (value / 1_000_000_000).ToString("0.#", _culture) + "B",
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", _culture) + "M",
        >= 1_000 => (value / 1_000).ToString("0.#", _culture) + "k",
        _ => value.ToString("0", _culture),
    });

    /// <summary>A percentage from a ratio: 0.256 → "26%" ("٪۲۶" in Persian).</summary>
    public string Percent(double ratio) => Digits(ratio.ToString("P0", _culture));

    /// <summary>An amount of money in the reader's number format with the currency's symbol: "€1,200.00", "1.200 ₫".</summary>
    public string Money(decimal amount, string currency) => Digits(amount.ToString("C", CurrencyFormat(currency)));

    /// <summary>Money without decimals, for totals in cards and charts.</summary>
    public string MoneyRounded(decimal amount, string currency)
    {
        var nf = CurrencyFormat(currency);
        nf.CurrencyDecimalDigits = 0;
        return Digits(Math.Round(amount, 0, MidpointRounding.AwayFromZero).ToString("C", nf));
    }

    /// <summary>The reader's number format with a currency's symbol and its usual number of decimals.</summary>
    private NumberFormatInfo CurrencyFormat(string currency)
    {
        var code = string.IsNullOrWhiteSpace(currency) ? "" : currency.Trim().ToUpperInvariant();
        var nf = (NumberFormatInfo)_culture.NumberFormat.Clone();
        nf.CurrencySymbol = Symbols.TryGetValue(code, out var symbol) ? symbol : code;
        nf.CurrencyDecimalDigits = ZeroDecimalCurrencies.Contains(code) ? 0 : 2;
        return nf;
    }

    // Each display pattern in the three languages (English, Vietnamese, Persian); "fa" also uses the reader's calendar.
    private string DatePattern => ByLanguage("d MMM yyyy", "d 'thg' M, yyyy", "d MMMM yyyy");
    private string LongDatePattern => ByLanguage("dddd d MMM yyyy", "dddd, d 'thg' M, yyyy", "dddd d MMMM yyyy");
    private string DayMonthPattern => ByLanguage("d MMM", "d 'thg' M", "d MMMM");
    private string DayFullMonthPattern => ByLanguage("d MMMM", "d 'tháng' M", "d MMMM");
    private string WeekdayDayMonthPattern => ByLanguage("ddd d MMM", "ddd, d 'thg' M", "dddd d MMMM");
    private string WeekdayDatePattern => ByLanguage("dddd d MMMM", "dddd, d 'tháng' M", "dddd d MMMM");

    private string ByLanguage(string en, string vi, string fa) => _culture.TwoLetterISOLanguageName switch
    {
        "vi" => vi,
        "fa" => fa,
        _ => en,
    };

    private string Day(DateOnly date, string pattern) => Digits(date.ToDateTime(TimeOnly.MinValue).ToString(pattern, _culture));

    private static bool UsesSolarHijri(CultureInfo culture, bool solarHijri) => solarHijri && culture.TwoLetterISOLanguageName == "fa";

    private string Digits(string text)
    {
        if (!_persianDigits) return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] is >= '0' and <= '9' ? (char)('۰' + (source[i] - '0')) : source[i];
        });
    }

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["USD"] = "$",
        ["EUR"] = "€",
        ["GBP"] = "£",
        ["JPY"] = "¥",
        ["VND"] = "₫",
        ["IRR"] = "ریال",
        ["IRT"] = "تومان",
        ["AUD"] = "A$",
        ["CAD"] = "C$",
        ["CHF"] = "CHF",
        ["SGD"] = "S$",
        ["AED"] = "AED",
        ["CNY"] = "CN¥",
        ["INR"] = "₹",
    };

    private static readonly HashSet<string> ZeroDecimalCurrencies = new(StringComparer.Ordinal) { "VND", "IRR", "IRT", "JPY", "KRW" };
}
