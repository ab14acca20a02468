namespace LybuntCrm.Web.Domain;

/// <summary>
/// The last <see cref="Count"/> weeks up to and including <see cref="Today"/>, oldest first, each starting on the same day of
/// the week (the reader's first day of the week: Sunday in English, Monday in Vietnamese, Saturday in Persian). The current
/// week is the last one and runs only up to today. Week <c>i</c> holds the days <c>FirstStart + 7i</c> to
/// <c>FirstStart + 7i + 6</c>, so a date's week is the whole number of weeks between <see cref="FirstStart"/> and it — the
/// same division the activity query does in SQL.
/// </summary>
public sealed record RecentWeeks(DateOnly FirstStart, int Count, DateOnly Today)
{
    public static RecentWeeks Ending(DateOnly today, DayOfWeek firstDayOfWeek, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return new RecentWeeks(StartOfWeek(today, firstDayOfWeek).AddDays(-7 * (count - 1)), count, today);
    }

    /// <summary>The first day of the week holding <paramref name="date"/>.</summary>
    public static DateOnly StartOfWeek(DateOnly date, DayOfWeek firstDayOfWeek) =>
        date.AddDays(-(((int)date.DayOfWeek - (int)firstDayOfWeek + 7) % 7));

    /// <summary>The first day of week <paramref name="index"/> (0 = the oldest).</summary>
    public DateOnly Start(int index) => FirstStart.AddDays(7 * index);

    /// <summary>The first days of the weeks, oldest first.</summary>
    public IEnumerable<DateOnly> Starts => Enumerable.Range(0, Count).Select(Start);

    /// <summary>The week holding <paramref name="date"/>, or null before the first week or after today.</summary>
    public int? IndexOf(DateOnly date) =>
        date < FirstStart || date > Today ? null : (date.DayNumber - FirstStart.DayNumber) / 7;
}
