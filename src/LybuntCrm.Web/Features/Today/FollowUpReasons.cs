using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LybuntCrm.Web.Domain;
using LybuntCrm.Web.Infrastructure.Formatting;
using Microsoft.Extensions.Localization;

namespace LybuntCrm.Web.Features.Today;

/// <summary>
/// A follow-up's reason (or closing reason) as stored: <see cref="Text"/> a user typed (or an older row's English), or
/// <see cref="Code"/> with its invariant <see cref="Args"/> when the system wrote it.
/// </summary>
public sealed record StoredReason(string? Text, string? Code = null, string? Args = null);

/// <summary>
/// The reasons the system writes on follow-ups, stored as a stable code plus invariant values (a JSON array of strings:
/// ISO dates, "1234.50", counts) and rendered in the reader's language at display time — on Today, the client page, the
/// digest and the calendar feed alike. Jobs that insert in SQL write the same code and values there. A reason without a
/// code (typed by a user, or stored as English text before codes existed) is shown as stored.
/// </summary>
public static class FollowUpReasons
{
    // Reasons (FollowUp.ReasonCode) and their values.
    /// <summary>[revenue last fiscal year, "1234.50"]</summary>
    public const string WinBack = "winback";
    /// <summary>no values</summary>
    public const string CheckIn = "checkin";
    /// <summary>[contact name, date]</summary>
    public const string Birthday = "birthday";
    /// <summary>[years, date]</summary>
    public const string CustomerSince = "customer-since";
    /// <summary>[project label or null]</summary>
    public const string ProjectSixMonths = "project-6m";
    /// <summary>[years, project label or null, date]</summary>
    public const string ProjectAnniversary = "project-anniversary";
    /// <summary>[label or null, date]: a birthday entered as a key date.</summary>
    public const string KeyDateBirthday = "keydate-birthday";
    /// <summary>[label or null, date]</summary>
    public const string YearlyDate = "yearly-date";
    /// <summary>one value per active signal: "IdeaTaker:days", "AlwaysDelaying:count:windowDays", "TooCostly:percent", "Abusive", "GoneQuiet:days"</summary>
    public const string ProspectReview = "prospect-review";
    /// <summary>[revisit date]</summary>
    public const string Revisit = "revisit";

    // Closing reasons (FollowUp.ClosedReasonCode); the win-back ones are Retention's, which WinBackStatus reads.
    public const string CheckInMoved = "checkin-moved";
    public const string NotContactable = "not-contactable";
    public const string SupersededByWinBack = "superseded-by-winback";
    /// <summary>A check-in closed by a touch logged outside Today (the client page, a win-back).</summary>
    public const string TouchLogged = "touch-logged";
    public const string KeepPursuing = "keep-pursuing";
    /// <summary>[revisit date]</summary>
    public const string SetAside = "set-aside";
    /// <summary>[DisqualifyReason name]</summary>
    public const string Disqualified = "disqualified";
    /// <summary>A second open item of its kind after two clients were merged into one.</summary>
    public const string Merged = "merged";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored form of a code's values.</summary>
    public static string Args(params string?[] values) => JsonSerializer.Serialize(values, Json);

    /// <summary>A date as a stored value: ISO, Gregorian.</summary>
    public static string Value(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Value(int number) => number.ToString(CultureInfo.InvariantCulture);

    public static string Value(decimal number) => number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The values of a prospect review: one per active signal, with the numbers its sentence needs.</summary>
    public static string SignalArgs(IEnumerable<Signal> signals, SignalThresholds t) => Args(signals.Select(s => s.Kind switch
    {
        SignalKind.IdeaTaker => $"{s.Kind}:{Value(s.Days)}",
        SignalKind.AlwaysDelaying => $"{s.Kind}:{Value(s.Count)}:{Value(t.DelayWindowDays)}",
        SignalKind.TooCostly => $"{s.Kind}:{Value(s.Percent)}",
        SignalKind.Abusive => s.Kind.ToString(),
        _ => $"{SignalKind.GoneQuiet}:{Value(s.Days)}",
    }).ToArray());

    /// <summary>A loaded follow-up's reason and closing reason, as stored (pages project the columns instead).</summary>
    public static StoredReason ReasonOf(FollowUp f) => new(f.Reason, f.ReasonCode, f.ReasonArgs);

    public static StoredReason ClosedReasonOf(FollowUp f) => new(f.ClosedReason, f.ClosedReasonCode, f.ClosedReasonArgs);

    /// <summary>Why a follow-up is on the list, in the reader's language.</summary>
    public static string Describe(StoredReason reason, IStringLocalizer T, DisplayFormat F) =>
        Render(reason, T, F, Reason) ?? reason.Text ?? "";

    /// <summary>Why a follow-up was closed, in the reader's language; null when nobody said.</summary>
    public static string? DescribeClosed(StoredReason reason, IStringLocalizer T, DisplayFormat F) =>
        Render(reason, T, F, Closing) ?? reason.Text;

    private static string? Render(StoredReason reason, IStringLocalizer T, DisplayFormat F,
        Func<string, IReadOnlyList<string?>, IStringLocalizer, DisplayFormat, LocalizedString?> render)
    {
        if (string.IsNullOrEmpty(reason.Code)) return null;
        try
        {
            var args = string.IsNullOrEmpty(reason.Args) ? [] : JsonSerializer.Deserialize<string?[]>(reason.Args, Json) ?? [];
            return render(reason.Code, args, T, F)?.Value;
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or IndexOutOfRangeException or ArgumentException)
        {
            return null; // values this version cannot read: the stored text, if any, is the best there is
        }
    }

    private static LocalizedString? Reason(string code, IReadOnlyList<string?> a, IStringLocalizer T, DisplayFormat F) => code switch
    {
        WinBack => T["Bought {0} last year, nothing yet this year", F.Amount(Money(a[0]))],
        CheckIn => T["Regular check-in"],
        Birthday => T["Birthday of {0} on {1}", Bidi.Isolate(a[0]), F.DayFullMonth(Day(a[1]))],
        CustomerSince => Int(a[0]) == 1
            ? T["One year as a client on {0}", F.DayFullMonth(Day(a[1]))]
            : T["{0} years as a client on {1}", F.Number(Int(a[0])), F.DayFullMonth(Day(a[1]))],
        ProjectSixMonths => a[0] is { } project
            ? T["Six months since {0} was delivered: send photos and a note", Bidi.Isolate(project)]
            : T["Six months since the project was delivered: send photos and a note"],
        ProjectAnniversary => (Int(a[0]) == 1, a[1]) switch
        {
            (true, { } project) => T["One year since {0} was delivered, on {1}", Bidi.Isolate(project), F.DayFullMonth(Day(a[2]))],
            (true, null) => T["One year since the project was delivered, on {0}", F.DayFullMonth(Day(a[2]))],
            (false, { } project) => T["{0} years since {1} was delivered, on {2}", F.Number(Int(a[0])), Bidi.Isolate(project), F.DayFullMonth(Day(a[2]))],
            (false, null) => T["{0} years since the project was delivered, on {1}", F.Number(Int(a[0])), F.DayFullMonth(Day(a[2]))],
        },
        KeyDateBirthday => a[0] is { } label
            ? T["{0} on {1}", Bidi.Isolate(label), F.DayFullMonth(Day(a[1]))]
            : T["Birthday on {0}", F.DayFullMonth(Day(a[1]))],
        YearlyDate => a[0] is { } label
            ? T["{0} on {1}", Bidi.Isolate(label), F.DayFullMonth(Day(a[1]))]
            : T["Yearly date on {0}", F.DayFullMonth(Day(a[1]))],
        ProspectReview => T["Prospect review: {0}", string.Join(ListSeparator, a.Select(s => SignalText(s ?? "", T, F)))],
        Revisit => T["Revisit this prospect, as decided for {0}.", F.Date(Day(a[0]))],
        _ => null,
    };

    private static LocalizedString? Closing(string code, IReadOnlyList<string?> a, IStringLocalizer T, DisplayFormat F) => code switch
    {
        Retention.RecoveredReason => T["Recovered"],
        Retention.NoLongerAtRiskReason => T["No longer at risk"],
        Retention.ContactedReason => T["Marked as contacted"],
        Retention.LetGoReason => T["Let go"],
        CheckInMoved => T["Check-in date moved"],
        NotContactable => T["Client is not to be contacted"],
        SupersededByWinBack => T["Replaced by the win-back"],
        TouchLogged => T["Done: a touch was logged"],
        KeepPursuing => T["Reviewed: keep pursuing"],
        SetAside => T["Set aside until {0}", F.Date(Day(a[0]))],
        Merged => T["Closed: the same work of a merged client"],
        Disqualified => T["Disqualified: {0}", a.Count > 0 && Enum.TryParse<DisqualifyReason>(a[0], out var why) ? EnumLabels.Label(T, why) : T["Not recorded"].Value],
        _ => null,
    };

    private static string SignalText(string value, IStringLocalizer T, DisplayFormat F)
    {
        var part = value.Split(':');
        return Enum.TryParse<SignalKind>(part[0], out var kind) ? kind switch
        {
            SignalKind.IdeaTaker => T["no reply {0} days after the proposal", F.Number(Int(part[1]))],
            SignalKind.AlwaysDelaying => T["{0} postponements or no-shows in {1} days", F.Number(Int(part[1])), F.Number(Int(part[2]))],
            SignalKind.TooCostly => T["acquisition cost is {0}% of expected value", F.Number(Money(part[1]), 1)],
            SignalKind.Abusive => T["disrespectful behaviour recorded"],
            _ => T["no response for {0} days", F.Number(Int(part[1]))],
        } : value;
    }

    /// <summary>Between the items of a list in a sentence: the Persian semicolon in Persian.</summary>
    private static string ListSeparator => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fa" ? "؛ " : "; ";

    private static DateOnly Day(string? value) => DateOnly.ParseExact(value ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Int(string? value) => int.Parse(value ?? "", NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static decimal Money(string? value) => decimal.Parse(value ?? "", NumberStyles.Number, CultureInfo.InvariantCulture);
}
