using System.Globalization;

namespace LybuntCrm.Web.Features.Shared;

/// <summary>The working-days checkboxes of a form: the field name and the days ticked, shown from the reader's first day of the week.</summary>
public sealed record WorkingDaysField(string Name, IReadOnlyCollection<DayOfWeek> Selected)
{
    /// <summary>The week as the reader's culture starts it (Saturday in Persian, Monday in Vietnamese and English here).</summary>
    public static IEnumerable<DayOfWeek> Week()
    {
        var first = CultureInfo.CurrentCulture.TwoLetterISOLanguageName == "fa" ? DayOfWeek.Saturday : DayOfWeek.Monday;
        return Enumerable.Range(0, 7).Select(i => (DayOfWeek)(((int)first + i) % 7));
    }

    public static string DayName(DayOfWeek day) => CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(day);
}
