namespace LybuntCrm.Web.Domain;

/// <summary>
/// The days of the week a manager works, kept as a bit per <see cref="DayOfWeek"/> (Sunday = bit 0). Nothing is planned
/// on a day off. Monday–Friday by default; Saturday–Wednesday for a Persian profile (the Iranian working week).
/// </summary>
public readonly record struct WorkWeek(int Mask)
{
    public const int AllDays = 0b111_1111;

    public static readonly WorkWeek MondayToFriday = Of(DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday);
    public static readonly WorkWeek SaturdayToWednesday = Of(DayOfWeek.Saturday, DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday);

    /// <summary>The default week of a new profile in the given UI language.</summary>
    public static WorkWeek DefaultFor(string? culture) => culture == "fa" ? SaturdayToWednesday : MondayToFriday;

    public static WorkWeek Of(params DayOfWeek[] days) => new(days.Aggregate(0, (mask, day) => mask | (1 << (int)day)));

    /// <summary>A stored mask; one with no working day at all (never valid) falls back to Monday–Friday.</summary>
    public static WorkWeek FromMask(int mask) => (mask & AllDays) == 0 ? MondayToFriday : new WorkWeek(mask & AllDays);

    public bool Works(DayOfWeek day) => (Mask & (1 << (int)day)) != 0;

    public bool IsWorkingDay(DateOnly date) => Works(date.DayOfWeek);

    /// <summary>The days worked, starting from the given first day of the week.</summary>
    public IEnumerable<DayOfWeek> Days(DayOfWeek firstDay = DayOfWeek.Monday)
    {
        var mask = Mask;
        return Enumerable.Range(0, 7).Select(i => (DayOfWeek)(((int)firstDay + i) % 7)).Where(d => (mask & (1 << (int)d)) != 0);
    }

    /// <summary>The first working day on or after the date.</summary>
    public DateOnly OnOrAfter(DateOnly date)
    {
        var week = FromMask(Mask);
        while (!week.IsWorkingDay(date)) date = date.AddDays(1);
        return date;
    }

    /// <summary>The last working day on or before the date.</summary>
    public DateOnly OnOrBefore(DateOnly date)
    {
        var week = FromMask(Mask);
        while (!week.IsWorkingDay(date)) date = date.AddDays(-1);
        return date;
    }
}
